/**
 * The hold customs owns on a truck whose declarations changed after check-in
 * (trips/declaration-swap.ts): placed on each added declaration customs has
 * not decided, lifted by customs' channel decision on it (apply-decision.ts).
 */
export const SCREENING_HOLD_ID = 'screening';
