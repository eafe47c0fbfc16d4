/** The standard cascade's stages, in order. */
export const STANDARD_STAGES = ['pnet', 'rnet', 'onet'] as const;
export type StandardStage = (typeof STANDARD_STAGES)[number];
