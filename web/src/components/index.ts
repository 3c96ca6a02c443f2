export { commonMessages } from './messages.ts';
export { ErrorState, errorText, Loading, PageHeader, QueryView } from './states.tsx';
