/**
 * The simulator's side of the demo configuration (services/customs
 * demo-config.ts): one profile per demo adapter, with the same keys, calling
 * back BorderFlow's inbound endpoints.
 */
import { DEMO_KEYS } from '@borderflow/customs';
import type { AuthorityConfigInput } from './authority-config.ts';

export interface DemoAuthorityOptions {
  /** BorderFlow's base URL, e.g. http://127.0.0.1:3000 (decisions are POSTed to its /v1/agencies/<adapter>/decisions). */
  borderflowUrl: string;
  port?: number;
  host?: string;
  /** Simulated time per real time (the traffic feeder's speed, so decisions come in time). */
  speed?: number;
  seed?: number;
}

/**
 * @example
 * const authority = await startCustomsAuthority(demoAuthorityConfig({ borderflowUrl: 'http://127.0.0.1:3000', port: 3001 }));
 */
export function demoAuthorityConfig(options: DemoAuthorityOptions): AuthorityConfigInput {
  const callback = (adapter: string) => `${options.borderflowUrl.replace(/\/$/, '')}/v1/agencies/${adapter}/decisions`;
  return {
    port: options.port ?? 3001,
    host: options.host ?? '127.0.0.1',
    speed: options.speed ?? 1,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    profiles: [
      { name: 'vnaccs', kind: 'vnaccs', agency: 'customs', systemId: 'vn-customs.vnaccs', keys: [DEMO_KEYS['vn-customs']], callbackUrl: callback('vn-customs'), poll: true },
      { name: 'edifact', kind: 'edifact', agency: 'customs', systemId: 'wco-customs.edifact', keys: [DEMO_KEYS['wco-customs']], decides: false },
      { name: 'quarantine', kind: 'webhook', agency: 'quarantine', systemId: 'vn-plant-quarantine', keys: [DEMO_KEYS.quarantine], callbackUrl: callback('quarantine') },
      { name: 'far-side', kind: 'webhook', agency: 'far_side', systemId: 'cn-hekou-gate', keys: [DEMO_KEYS['far-side']], decides: false },
    ],
  };
}
