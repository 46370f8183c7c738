/**
 * Simulator benchmark: a simulated 24-hour peak day (simulators/scenarios/peak.json, ~600
 * trucks, the published policy) through the real scheduler on Redis, in virtual time.
 * Reports wall time, simulated trucks per wall-second and where the time goes: scheduler
 * commands (Lua scripts) and the ETA reads at check-in, Redis CPU and this client's CPU.
 * The same day runs twice: as `npm run sim` runs it (ETA measured) and without the ETA reads.
 */
import { Redis } from 'ioredis';
import { loadPolicy, loadScenario, runSimulation } from '@borderflow/traffic';
import { openBenchRedis } from './bench-redis.ts';
import { recordResult } from './record-result.ts';

const SEED = Number(process.env.BENCH_SEED ?? 1);

async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  return Number(/used_cpu_user:([\d.]+)/.exec(info)![1]) + Number(/used_cpu_sys:([\d.]+)/.exec(info)![1]);
}

async function peakDay(redis: Redis, measureEta: boolean) {
  const scenario = loadScenario('peak');
  const cpu0 = await redisCpuSeconds(redis);
  const client0 = process.cpuUsage();
  const report = await runSimulation({
    redis, prefix: `bench:sim:${process.pid}:${measureEta ? 'eta' : 'noeta'}:`, scenario, policies: [loadPolicy('default')], seed: SEED, measureEta,
  });
  const client = process.cpuUsage(client0);
  const run = report.runs[0]!;
  const wallS = report.wallMs / 1000;
  return {
    trucks: run.trucks.arrived,
    wall_s: +wallS.toFixed(2),
    trucks_per_wall_s: Math.round(run.trucks.arrived / wallS),
    commands: run.commands,
    commands_per_truck: +(run.commands / run.trucks.arrived).toFixed(1),
    events: run.events,
    redis_cpu_s: +((await redisCpuSeconds(redis)) - cpu0).toFixed(2),
    client_cpu_s: +((client.user + client.system) / 1e6).toFixed(2),
    unexplained_overtakes: run.fairness.unexplained,
  };
}

export async function runSimBench() {
  const server = await openBenchRedis();
  const redis = new Redis(server.url);
  try {
    console.log(`sim bench: peak day (seed ${SEED}) on ${server.kind}`);
    const withEta = await peakDay(redis, true);
    console.log('with ETA reads:', withEta);
    const noEta = await peakDay(redis, false);
    console.log('without ETA reads:', noEta);
    const figures = {
      scenario: 'peak', seed: SEED, redis: server.kind,
      ...withEta,
      no_eta_wall_s: noEta.wall_s, no_eta_trucks_per_wall_s: noEta.trucks_per_wall_s, no_eta_redis_cpu_s: noEta.redis_cpu_s,
      no_eta_client_cpu_s: noEta.client_cpu_s,
    };
    recordResult('sim', 'npm run bench -- sim', figures,
      `peak day (${withEta.trucks} trucks, 24 simulated h) in ${withEta.wall_s} s wall: ${withEta.trucks_per_wall_s} simulated trucks/wall-s `
      + `(${withEta.commands} scheduler commands, ${withEta.commands_per_truck}/truck; Redis CPU ${withEta.redis_cpu_s} s, client CPU ${withEta.client_cpu_s} s); `
      + `without the ETA reads ${noEta.wall_s} s, ${noEta.trucks_per_wall_s} trucks/wall-s; unexplained overtakes ${withEta.unexplained_overtakes}`);
    return figures;
  } finally {
    await redis.quit();
    await server.stop();
  }
}
