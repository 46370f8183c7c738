/** The gate simulator: scenarios and policies from files, a run through the real scheduler, its reports. */
export { loadScenario, loadPolicy, policyConfig, simCatalog, parseSimFile, SimFileError, SCENARIOS_DIR } from './scenario-files.ts';
export { runSimulation, type RunSimulationOptions } from './run-simulation.ts';
export { renderReportHtml } from '@borderflow/contracts';
export { simulateGateDay, effectivePolicy, scenarioEpoch, type GateSimulationOptions, type GateSimulationResult } from './gate-simulation.ts';
export { drawTrucks, type SimTruck } from './sim-truck.ts';
export { runMmcExperiment, type MmcExperimentOptions, type MmcExperimentResult } from './mmc-experiment.ts';
export { planWhatIf, type PlanWhatIfOptions, type PlanWhatIfResult } from './plan-what-if.ts';
