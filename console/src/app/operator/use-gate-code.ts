/** The gate the operator screens show: `?gate=` in the URL, else Kim Thành (the seeded gate). */
import { useSearchParams } from '../router/router.tsx';

export const DEFAULT_GATE = 'KT';

export function useGateCode(): string {
  const gate = useSearchParams().get('gate');
  return gate && /^[A-Z][A-Z0-9]{1,15}$/.test(gate) ? gate : DEFAULT_GATE;
}
