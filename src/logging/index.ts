export { currentCorrelationId, newCorrelationId, withCorrelationId } from './correlation.ts';
export { createLogger, type Logger, type LoggerOptions, silentLogger } from './logger.ts';
