/**
 * A plate on screen: monospace, as painted on the truck, and marked `translate="no"` — it is
 * data, not a word of the UI (the language checks and browser translators skip it).
 */
import { formatPlate } from './plate-format.ts';

export function Plate({ value, large = false }: { value: string | null | undefined; large?: boolean }) {
  return (
    <span className={large ? 'plate plate-large' : 'plate'} translate="no">
      {formatPlate(value)}
    </span>
  );
}
