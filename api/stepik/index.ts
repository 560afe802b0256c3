/** The Stepik client: `createStepikClient(options)` and what it returns or throws. */
export { createStepikClient, DEFAULT_USER_AGENT } from './client.ts';
export {
  StepikHttpError,
  StepikPermissionError,
  StepikResponseError,
  StepikUnauthorizedError,
} from './errors.ts';
export type * from './types.ts';
