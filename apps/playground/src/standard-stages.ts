// The cascade the playground runs: the standard P-Net, R-Net, O-Net, by stage name in cascade order.
export const STANDARD_STAGES = ['pnet', 'rnet', 'onet'] as const;
export type StandardStage = (typeof STANDARD_STAGES)[number];
