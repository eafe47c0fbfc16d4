// The cascade the bench measures: the standard P-Net, R-Net, O-Net, by stage name in cascade order.
export const STANDARD_STAGES = ['pnet', 'rnet', 'onet'] as const;
export type StandardStage = (typeof STANDARD_STAGES)[number];

/** How tables name each stage. */
export const STAGE_LABEL: Readonly<Record<StandardStage, string>> = {
  pnet: 'P-Net',
  rnet: 'R-Net',
  onet: 'O-Net',
};
