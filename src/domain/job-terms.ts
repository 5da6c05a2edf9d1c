// The kinds of employment a job can be (schema.org's JobPosting.employmentType, spelt as the
// CLI spells its other choices), shared by the job model, the job service and job capture.
export const EMPLOYMENT_TYPES = [
  'full-time',
  'part-time',
  'contract',
  'temporary',
  'internship',
  'volunteer',
  'per-diem',
  'other',
] as const;

export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];
