// The enum vocabularies completion can offer: the same arrays the flags are checked against
// and their help is written from (candidates.ts matches an option to the one its help names).
import {
  APPLICATION_SORT_FIELDS,
  APPLICATION_STATUSES,
} from '../../services/application-service.js';
import {
  CONNECTION_SORT_FIELDS,
  CONNECTION_STATUSES,
  CONNECTION_TYPES,
} from '../../services/connection-service.js';
import { CONTACT_SORT_FIELDS } from '../../services/contact-service.js';
import { EXPORT_FORMATS, EXPORT_TYPES } from '../../services/export/index.js';
import { IMPORT_FORMATS, IMPORT_TYPES } from '../../services/import/types.js';
import {
  EMPLOYMENT_TYPES,
  JOB_SORT_FIELDS,
  PAY_PERIODS,
  WORK_MODES,
} from '../../services/job-service.js';
import {
  ACTIVITY_SORT_FIELDS,
  ACTIVITY_STATUSES,
  ACTIVITY_TYPES,
} from '../../services/learning-service.js';
import { LINK_ROLES } from '../../services/link-service.js';
import { GOAL_TYPES, NETWORKING_INTENSITIES, TIMEFRAMES } from '../../services/profile-service.js';
import { REMIND_VIAS } from '../../domain/remind-via.js';

export const VOCABULARIES: ReadonlyArray<readonly string[]> = [
  APPLICATION_STATUSES,
  APPLICATION_SORT_FIELDS,
  CONNECTION_STATUSES,
  CONNECTION_TYPES,
  CONNECTION_SORT_FIELDS,
  CONTACT_SORT_FIELDS,
  EXPORT_FORMATS,
  EXPORT_TYPES,
  IMPORT_FORMATS,
  IMPORT_TYPES,
  JOB_SORT_FIELDS,
  WORK_MODES,
  EMPLOYMENT_TYPES,
  PAY_PERIODS,
  ACTIVITY_SORT_FIELDS,
  ACTIVITY_STATUSES,
  ACTIVITY_TYPES,
  GOAL_TYPES,
  TIMEFRAMES,
  NETWORKING_INTENSITIES,
  LINK_ROLES,
  REMIND_VIAS,
];
