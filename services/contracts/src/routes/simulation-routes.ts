/** Gate simulations run from the console. Route contracts (see define-route.ts); who may call each is the api's permission table. */
import { defineRoute } from './define-route.ts';
import { ZSimCatalogSchema, ZSimRunAcceptedSchema, ZSimRunParamsSchema, ZSimRunRequestSchema, ZSimRunStatusSchema } from '../simulation.ts';
import { ZPlanWhatIfRequestSchema, ZPlanWhatIfStatusSchema } from '../plan-what-if.ts';
import { ZGateParamsSchema } from './params.ts';

/** Path parameters of a capacity plan what-if run. */
export const ZPlanWhatIfParamsSchema = ZGateParamsSchema.extend({ id: ZSimRunParamsSchema.shape.id }).strict();

export const SIMULATION_ROUTES = {
  simulationCatalog: defineRoute({
    method: 'get',
    path: '/v1/simulations/scenarios',
    summary: 'Scenarios (simulators/scenarios) and named policies a simulation can run',
    tag: 'simulations',
    response: ZSimCatalogSchema,
    errors: [409],
  }),
  startSimulation: defineRoute({
    method: 'post',
    path: '/v1/simulations',
    summary: 'Start a simulation of a scenario (same seed under each policy to compare); one at a time',
    tag: 'simulations',
    body: ZSimRunRequestSchema,
    response: ZSimRunAcceptedSchema,
    status: 202,
    errors: [404, 409, 429],
  }),
  readSimulation: defineRoute({
    method: 'get',
    path: '/v1/simulations/:id',
    summary: 'A simulation run: status, progress, and its report (JSON) when done',
    tag: 'simulations',
    params: ZSimRunParamsSchema,
    response: ZSimRunStatusSchema,
    errors: [404],
  }),
  simulationReport: defineRoute({
    method: 'get',
    path: '/v1/simulations/:id/report.html',
    produces: ['text/html'],
    summary: 'The report of a finished simulation as a self-contained HTML page, in the caller\'s language (Accept-Language: vi, en, zh)',
    tag: 'simulations',
    params: ZSimRunParamsSchema,
    response: null,
    errors: [404, 409],
  }),
  startPlanWhatIf: defineRoute({
    method: 'post',
    path: '/v1/gates/:gate/capacity-plan/what-if',
    summary: 'Run a draft capacity plan (not published) and the plan in force through the simulator for one day, side by side; one simulation at a time',
    description: 'Queued as a job of the simulations queue (poll GET …/what-if/{id}). Each plan gives per-hour lane utilisation, waits for the first call-up, trucks left in the gate, and the active bookings it would leave over capacity.',
    tag: 'simulations',
    params: ZGateParamsSchema,
    body: ZPlanWhatIfRequestSchema,
    response: ZSimRunAcceptedSchema,
    status: 202,
    errors: [404, 409, 429],
  }),
  readPlanWhatIf: defineRoute({
    method: 'get',
    path: '/v1/gates/:gate/capacity-plan/what-if/:id',
    summary: 'A capacity plan what-if: status, progress, and the draft against the published plan once done',
    tag: 'simulations',
    params: ZPlanWhatIfParamsSchema,
    response: ZPlanWhatIfStatusSchema,
    errors: [404],
  }),
};
