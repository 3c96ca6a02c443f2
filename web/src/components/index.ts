export { commonMessages } from './messages.ts';
export { ErrorState, errorText, Loading, PageHeader, QueryView } from './states.tsx';
export { useNow } from './use-now.ts';
