export { zodFromCheck, type CheckResult, type IdentifierCheck } from './check-result.ts';
export * from './vn-plate.ts';
export * from './cn-plate.ts';
export * from './plate.ts';
export * from './container.ts';
export * from './declaration.ts';
export * from './tax-code.ts';
export * from './hs-code.ts';
export * from './phone.ts';
