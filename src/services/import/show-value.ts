// A value as it appears in a rejection's reason: strings quoted, long ones shortened.
export { showValue } from '../../repositories/validation-problems.js';
