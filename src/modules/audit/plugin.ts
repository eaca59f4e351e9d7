/** Apollo plugin: one access-log row per GraphQL request (SPEC §10), queued for the batched writer. */
import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../../context';
import type { AccessLogWriter } from './service';

export function accessLogPlugin(writer: AccessLogWriter): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ request, contextValue }) {
      const started = performance.now();
      const at = new Date();
      return {
        async willSendResponse({ response, operationName, operation }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const codes = [...new Set((errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))];
          writer.enqueue({
            at,
            requestId: contextValue.requestId,
            viewer: contextValue.viewer,
            operationName: operationName ?? operation?.name?.value ?? request.operationName ?? null,
            document: request.query ?? '',
            variables: request.variables,
            outcome: codes.length ? codes.join(',') : 'OK',
            durationMs: Math.round(performance.now() - started),
            personalRecordIds: [...contextValue.personalRecords],
          });
        },
      };
    },
  };
}
