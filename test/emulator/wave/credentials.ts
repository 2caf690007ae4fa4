import { objectBody, ok, type Router } from '../http';
import { ServerFault } from './errors';

/**
 * `ValidateController`: POST /v1alpha2/validate-creds (and the deprecated
 * /validate-creds) logs in to `registry` with `userName`/`password` and answers
 * `true` or `false`. A blank field fails bean validation, which Wave's global
 * error handler does not know: 500 with an Error ID. The emulator's registries
 * accept any password except one containing "wrong" or "invalid".
 */
export function credentialsRoutes(router: Router): void {
  const validate = (body: Record<string, unknown>, method: string): boolean => {
    for (const field of ['userName', 'password', 'registry']) {
      const v = body[field];
      if (typeof v !== 'string' || v.trim() === '') throw new ServerFault(`${method}.request.${field}: must not be blank`);
    }
    return !/wrong|invalid/i.test(body.password as string);
  };
  router.post('/v1alpha2/validate-creds', (req) => ok(validate(objectBody(req), 'validateCredsV2')));
  router.post('/validate-creds', (req) => ok(validate(objectBody(req), 'validateCreds')));
}
