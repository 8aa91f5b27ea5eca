/**
 * A fake AWS query-protocol service (IAM, RDS, STS): form-encoded `Action=...` requests,
 * `<ActionResponse><ActionResult>` answers and the `<ErrorResponse>` envelope.
 */
import { formParams, startFakeServer, xmlEscape } from './fake-http.js';
import type { FakeResponse, FakeServer } from './fake-http.js';

export type QueryHandler = (params: Map<string, string>) => string | FakeResponse;

export function queryError(
  status: number,
  code: string,
  message: string,
  type: 'Sender' | 'Receiver' = 'Sender',
): FakeResponse {
  return {
    status,
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error><Type>${type}</Type><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`,
  };
}

export async function startQueryServer(
  namespace: string,
  handlers: Record<string, QueryHandler>,
  latencyMs = 0,
): Promise<FakeServer> {
  return startFakeServer(
    (request) => {
      const params = formParams(request.body);
      const action = params.get('Action') ?? '';
      const handler = handlers[action];
      if (handler === undefined)
        return queryError(400, 'InvalidAction', `Could not find operation ${action}`);
      const result = handler(params);
      if (typeof result !== 'string') return result;
      return {
        status: 200,
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${namespace}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></${action}Response>`,
      };
    },
    { operationOf: (request) => formParams(request.body).get('Action') ?? 'unknown', latencyMs },
  );
}
