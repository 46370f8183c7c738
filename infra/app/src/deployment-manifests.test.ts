/**
 * The deployment files, checked offline (there is no Docker engine or cluster here): the compose
 * file and the Kubernetes manifests parse, run at least two platform processes with probes on
 * /healthz and /readyz, take secrets from Secrets (never inline), set resources, and nginx passes
 * the WebSocket upgrade through for Socket.IO.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { PLATFORM_NODE_FLAGS } from '@borderflow/api/src/node-flags.ts';

const INFRA = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(`${INFRA}${path}`, 'utf8');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests are arbitrary YAML
type Doc = any;
const manifests: Doc[] = readdirSync(`${INFRA}k8s`)
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) => parseAllDocuments(read(`k8s/${f}`)).map((d) => {
    expect(d.errors, f).toEqual([]);
    return d.toJS() as Doc;
  }));
const kind = (k: string) => manifests.filter((m) => m.kind === k);

describe('Kubernetes manifests', () => {
  const api = kind('Deployment').find((d) => d.metadata.name === 'borderflow-api');
  const container = api?.spec.template.spec.containers[0];

  it('run at least two copies with resources and probes on /healthz and /readyz', () => {
    expect(api.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(api.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
    expect(container.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.resources.limits).toMatchObject({ memory: expect.any(String) });
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container.startupProbe.httpGet.path).toBe('/healthz');
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(api.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(5);
  });

  it('take secrets from a Secret and settings from the ConfigMap, never inline', () => {
    const env = container.env as Array<{ name: string; value?: string; valueFrom?: Doc }>;
    for (const name of ['JWT_SECRET', 'DATABASE_URL']) {
      const entry = env.find((e) => e.name === name);
      expect(entry?.value, name).toBeUndefined();
      expect(entry?.valueFrom.secretKeyRef).toMatchObject({ name: 'borderflow-secrets', key: name });
    }
    expect(container.envFrom).toContainEqual({ configMapRef: { name: 'borderflow-config' } });
    const config = kind('ConfigMap').find((c) => c.metadata.name === 'borderflow-config');
    expect(Object.keys(config.data)).not.toContain('JWT_SECRET');
    expect(JSON.stringify(config.data)).not.toMatch(/password|secret/i);
    expect(kind('Secret')).toEqual([]); // no secret values in the repository
  });

  it('have a Service, an HPA of at least 2 and a PodDisruptionBudget for the same pods', () => {
    const labels = api.spec.template.metadata.labels;
    const service = kind('Service').find((s) => s.metadata.name === 'borderflow-api');
    expect(service.spec.selector).toEqual(labels);
    const hpa = kind('HorizontalPodAutoscaler').find((h) => h.spec.scaleTargetRef.name === 'borderflow-api');
    expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'borderflow-api' });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
    const pdb = kind('PodDisruptionBudget').find((p) => p.metadata.name === 'borderflow-api');
    expect(pdb.spec.selector.matchLabels).toEqual(labels);
    expect(pdb.spec.minAvailable).toBeGreaterThanOrEqual(1);
  });
});

describe('Kubernetes manifests for the split roles', () => {
  const deployment = (name: string) => kind('Deployment').find((d) => d.metadata.name === name);
  const roleOf = (name: string) => (deployment(name)?.spec.template.spec.containers[0].command as string[] | undefined)?.at(-1);

  it('run the API role and the worker role in their own Deployments, never the all-in-one demo', () => {
    expect(roleOf('borderflow-api')).toBe('api');
    expect(roleOf('borderflow-worker')).toBe('worker');
    expect(kind('Deployment').map((d) => d.metadata.name).sort()).toEqual(['borderflow-api', 'borderflow-worker']);
  });

  it('give the worker two copies, probes on its own port, secrets from the Secret, an HPA and a PodDisruptionBudget', () => {
    const worker = deployment('borderflow-worker');
    const container = worker.spec.template.spec.containers[0];
    expect(worker.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'probes' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'probes' });
    expect(container.ports).toContainEqual({ name: 'probes', containerPort: 3000 });
    for (const entry of container.env as Array<{ name: string; value?: string }>) expect(entry.value, entry.name).toBeUndefined();
    const labels = worker.spec.template.metadata.labels;
    const hpa = kind('HorizontalPodAutoscaler').find((h) => h.spec.scaleTargetRef.name === 'borderflow-worker');
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    const pdb = kind('PodDisruptionBudget').find((p) => p.metadata.name === 'borderflow-worker');
    expect(pdb.spec.selector.matchLabels).toEqual(labels);
    // The worker's pods are not behind the API's Service (they take no client traffic).
    const apiService = kind('Service').find((s) => s.metadata.name === 'borderflow-api');
    expect(apiService.spec.selector['app.kubernetes.io/component']).toBe('api');
    expect(labels['app.kubernetes.io/component']).toBe('worker');
  });

  it('turn the demo feeder, the customs simulator and the console build off in production', () => {
    const config = kind('ConfigMap').find((c) => c.metadata.name === 'borderflow-config');
    expect(config.data).toMatchObject({ NODE_ENV: 'production', FEEDER: 'off', CUSTOMS_AUTHORITY: 'off' });
  });
});

describe('docker-compose.yml and nginx.conf', () => {
  // `merge`: compose files use YAML merge keys (`<<: *api`), as docker compose does.
  const compose = parse(read('docker-compose.yml'), { merge: true }) as Doc;
  const apis = Object.entries(compose.services as Record<string, Doc>).filter(([name]) => name.startsWith('api-'));

  it('run PostgreSQL, Redis with AOF, two platform processes with a readiness check, and nginx', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['postgres', 'redis', 'nginx']));
    expect(compose.services.redis.command).toEqual(expect.arrayContaining(['--appendonly', 'yes']));
    expect(apis.length).toBeGreaterThanOrEqual(2);
    for (const [name, service] of apis) {
      expect(service.healthcheck.test.join(' '), name).toContain('/readyz');
      expect(service.depends_on.postgres.condition, name).toBe('service_healthy');
      // Secrets come from the environment of `docker compose`, never from the file.
      expect(service.environment.JWT_SECRET, name).toMatch(/^\$\{JWT_SECRET/);
      expect(service.environment.DATABASE_URL, name).toContain('${POSTGRES_PASSWORD}');
    }
    expect(compose.services.postgres.environment.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD/);
  });

  it('proxies every platform process and passes the WebSocket upgrade for Socket.IO', () => {
    const nginx = read('nginx/nginx.conf');
    for (const [name] of apis) expect(nginx).toContain(`server ${name}:3000`);
    expect(nginx).toMatch(/map \$http_upgrade \$connection_upgrade/);
    const socketIo = /location \/socket\.io\/ \{([^}]*)\}/.exec(nginx)?.[1] ?? '';
    expect(socketIo).toContain('proxy_http_version 1.1;');
    expect(socketIo).toContain('proxy_set_header Upgrade $http_upgrade;');
    expect(socketIo).toContain('proxy_set_header Connection $connection_upgrade;');
    expect(socketIo).toMatch(/proxy_read_timeout \d+s;/);
    expect(compose.services.nginx.volumes.join(' ')).toContain('nginx.conf');
  });
});

describe('every way the platform starts', () => {
  it("runs node with the platform's flags (PLATFORM_NODE_FLAGS) before the start script", () => {
    const scripts = (JSON.parse(readFileSync(`${INFRA}../package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts;
    const compose = parse(read('docker-compose.yml'), { merge: true }) as Doc;
    const commands: Array<[string, string[]]> = [
      ...Object.entries(scripts).filter(([, line]) => line.includes('infra/app/src/start.ts'))
        .map(([name, line]): [string, string[]] => [`npm run ${name}`, line.split(/\s+/)]),
      ['Dockerfile CMD', JSON.parse(/^CMD (\[.*\])$/m.exec(read('Dockerfile'))![1]!) as string[]],
      ...Object.entries(compose.services as Record<string, Doc>).filter(([, s]) => JSON.stringify(s.command ?? '').includes('start.ts'))
        .map(([name, s]): [string, string[]] => [`compose ${name}`, s.command as string[]]),
      ...kind('Deployment').map((d): [string, string[]] => [`Deployment ${d.metadata.name}`, d.spec.template.spec.containers[0].command as string[]]),
    ];
    expect(commands.length).toBeGreaterThanOrEqual(9);
    for (const [where, argv] of commands) {
      expect(argv[0], where).toBe('node');
      const script = argv.indexOf('infra/app/src/start.ts');
      expect(script, where).toBeGreaterThan(0);
      for (const flag of PLATFORM_NODE_FLAGS) expect(argv.slice(1, script), where).toContain(flag);
    }
  });
});
