// One shape for every error answer: { error, message, parameter? }. A request that fails validation gets a 400
// naming the parameter; unexpected errors are logged and answered without their details.
import type { FastifyError, FastifyInstance } from 'fastify';

interface ValidationIssue {
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

/** The parameter a validation issue is about: an unknown one, a missing one, or the path of a bad value. */
export function parameterOf(issue: ValidationIssue): string {
  const p = issue.params;
  if (typeof p.additionalProperty === 'string') return p.additionalProperty;
  if (typeof p.missingProperty === 'string') return p.missingProperty;
  return issue.instancePath.replace(/^\//, '').split('/')[0] || 'body';
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const validation = err.validation as ValidationIssue[] | undefined;
    if (validation && validation.length > 0) {
      const issue = validation[0]!;
      const parameter = parameterOf(issue);
      const message = issue.params.additionalProperty
        ? `unknown ${err.validationContext ?? 'request'} parameter ${parameter}`
        : `${parameter} ${issue.message ?? 'is invalid'}`;
      return reply.code(400).send({ error: 'bad_request', parameter, message });
    }
    const status = err.statusCode ?? 500;
    if (status < 500) {
      const error = status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status === 404 ? 'not_found' : status === 409 ? 'conflict' : 'bad_request';
      const parameter = (err as { parameter?: string }).parameter;
      return reply.code(status).send({ error, message: err.message, ...(parameter ? { parameter } : {}) });
    }
    // A 503 whose message is meant for the person (the list waiting for a refresh) says why.
    if (status === 503 && (err as { expose?: boolean }).expose) return reply.code(503).send({ error: 'unavailable', message: err.message });
    request.log.error({ err: { name: err.name, message: err.message }, route: request.routeOptions.url }, 'request failed');
    return reply.code(status).send({ error: 'internal', message: 'the dashboard could not answer; see its log' });
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: 'not_found', message: `no route ${request.method} ${request.routeOptions.url ?? 'for this path'}` }));
}
