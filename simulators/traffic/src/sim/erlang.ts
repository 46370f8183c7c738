/**
 * Queueing theory the simulator is checked against: the M/M/c queue
 * (Poisson arrivals at rate λ, exponential service at rate μ per lane, c
 * identical lanes, FIFO). Erlang's C formula gives the probability of waiting
 * and the mean wait; the stationary law of the number in the system lets a
 * simulation start in steady state, so no warm-up is needed.
 */

export interface MmcParameters {
  /** Arrivals per ms. */
  lambda: number;
  /** Services per ms per lane. */
  mu: number;
  /** Lanes. */
  c: number;
}

/** ρ = λ/(cμ), the share of lane time that is busy. */
export function utilisation({ lambda, mu, c }: MmcParameters): number {
  return lambda / (c * mu);
}

/** Unnormalised stationary weights p_k = a^k/k! (k < c); the tail beyond c is geometric. */
function weights({ lambda, mu, c }: MmcParameters) {
  const a = lambda / mu;
  const rho = a / c;
  if (!(rho < 1)) throw new Error(`M/M/c needs ρ < 1, got ${rho}`);
  const below: number[] = [];
  let term = 1;
  for (let k = 0; k < c; k++) {
    if (k > 0) term *= a / k;
    below.push(term);
  }
  const atC = (term * a) / c; // a^c / c!
  const tail = atC / (1 - rho); // Σ_{k≥c} a^c/c! ρ^(k−c)
  const total = below.reduce((s, w) => s + w, 0) + tail;
  return { below, tail, total, rho };
}

/**
 * Erlang C: the probability that an arriving truck has to wait.
 * @example erlangC({ lambda: 1.7, mu: 1, c: 2 }) // ≈ 0.78108
 */
export function erlangC(p: MmcParameters): number {
  const { tail, total } = weights(p);
  return tail / total;
}

/** Mean wait in queue, Wq = C(c, a) / (cμ − λ), in the time unit of λ and μ. */
export function erlangCMeanWait(p: MmcParameters): number {
  return erlangC(p) / (p.c * p.mu - p.lambda);
}

/**
 * The number of trucks in an M/M/c system in steady state, by inversion of the uniform `u`.
 * @example stationaryNumberInSystem({ lambda: 1.9, mu: 1, c: 2 }, 0.5) // 14 (the median at ρ = 0.95)
 */
export function stationaryNumberInSystem(p: MmcParameters, u: number): number {
  const { below, tail, total, rho } = weights(p);
  let cumulative = 0;
  for (let k = 0; k < below.length; k++) {
    cumulative += below[k]! / total;
    if (u < cumulative) return k;
  }
  // Geometric tail: P(N = c + j | N ≥ c) = (1 − ρ) ρ^j.
  const v = Math.min((u - cumulative) / (tail / total), 1 - 1e-15);
  return p.c + Math.floor(Math.log(1 - v) / Math.log(rho));
}

/**
 * The "fast single server" that approximates M/M/c: one lane c times as fast (M/M/1 with rate cμ).
 * Its mean wait ρ/(cμ − λ) is known exactly, and its stationary wait is 0 with probability 1 − ρ,
 * else exponential with rate cμ − λ; `u` inverts that law.
 */
export function fastServerMeanWait(p: MmcParameters): number {
  return utilisation(p) / (p.c * p.mu - p.lambda);
}

export function fastServerStationaryWait(p: MmcParameters, u: number): number {
  const rho = utilisation(p);
  if (u < 1 - rho) return 0;
  return -Math.log(Math.max((1 - u) / rho, 1e-300)) / (p.c * p.mu - p.lambda);
}
