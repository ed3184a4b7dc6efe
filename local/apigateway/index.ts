/** The seed's REST API offline: the local API Gateway proxy, mounted on the engine's port at /rest. */
import { restApi } from '../../api/rest-api.js';
import type { Mount } from '../appsync/index.js';
import { createApiGatewayProxy, sendWafFiltered, type ApiGatewayProxyOptions } from './proxy.js';

/** `custom.rest_api_url` is the GraphQL origin plus this path (on AWS: the stage's URL). */
export const REST_API_BASE_PATH = '/rest';

export function localRestApi(o: Pick<ApiGatewayProxyOptions, 'handler' | 'apiKeys'>): Mount {
  return {
    basePath: REST_API_BASE_PATH,
    handle: createApiGatewayProxy({ ...o, basePath: REST_API_BASE_PATH, stage: 'local', resources: Object.keys(restApi.resources), catchAll: restApi.catchAll }),
    wafBlocked: sendWafFiltered,
  };
}
