export { currentCorrelationId, newCorrelationId, withCorrelationId } from './correlation.ts';
export { createLogger, type Logger, type LoggerOptions, silentLogger } from './logger.ts';
export { callerRequestIdOf, loggableUrl, serializeRequest } from './request-serializer.ts';
