/** The example of GET /v1/public/waits shown in the OpenAPI document (and checked against the schema by a test). */
import type { PublicWaitsResponse } from './public-waits.ts';

const none = { expectedMin: 0, lowMin: 0, highMin: 0, basis: 'live' } as const;

export const PUBLIC_WAITS_EXAMPLE: PublicWaitsResponse = {
  generatedAt: '2026-06-01T03:15:04.000Z',
  maxAgeSeconds: 10,
  historyWindowMinutes: 60,
  gates: [
    {
      gate: 'KT',
      name: 'Kim Thành',
      hours: { timeZone: 'Asia/Ho_Chi_Minh', nextOpensAt: null },
      portStatus: 'restricted',
      advisories: [{ laneId: 'KT-N2', status: 'paused', reason: 'X-ray calibration', since: '2026-06-01T02:50:00.000Z', reopensAt: '2026-06-01T04:00:00.000Z' }],
      congestionBand: 'under_500',
      updatedAt: '2026-06-01T03:14:41.512Z',
      directions: [
        {
          direction: 'exit',
          operationalStatus: 'open',
          waitMinByClass: {
            perishable: { expectedMin: 12, lowMin: 6, highMin: 21, basis: 'live' },
            trusted: none,
            ordinary: { expectedMin: 48, lowMin: 31, highMin: 70, basis: 'live' },
            empty_return: { expectedMin: 25, lowMin: 14, highMin: 38, basis: 'live' },
            walk_in: { expectedMin: 95, lowMin: 60, highMin: 140, basis: 'live' },
          },
          queueLength: 17,
          called: 2,
          held: 1,
          exitQueueLength: 3,
          waitMs: { p50: 2_880_000, p90: 4_200_000 },
          basis: 'live_and_history',
          liveWaitMs: { p50: 2_880_000, p90: 4_200_000 },
          recentWaitMs: { p50: 2_400_000, p90: 4_500_000, count: 14 },
          lanesOpen: 3,
          lanesTotal: 3,
          downstreamCapPerHour: 60,
          updatedAt: '2026-06-01T03:14:41.512Z',
        },
        {
          direction: 'entry',
          operationalStatus: 'restricted',
          waitMinByClass: { perishable: none, trusted: none, ordinary: { expectedMin: 9, lowMin: 4, highMin: 16, basis: 'live' }, empty_return: none, walk_in: none },
          queueLength: 2,
          called: 1,
          held: 0,
          exitQueueLength: 0,
          waitMs: { p50: 540_000, p90: 960_000 },
          basis: 'live',
          liveWaitMs: { p50: 540_000, p90: 960_000 },
          recentWaitMs: { p50: null, p90: null, count: 0 },
          lanesOpen: 2,
          lanesTotal: 3,
          downstreamCapPerHour: null,
          updatedAt: '2026-06-01T03:14:41.512Z',
        },
      ],
    },
  ],
};
