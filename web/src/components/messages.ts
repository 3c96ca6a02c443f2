import { defineMessages } from '../i18n/index.ts';

/** Words the shared components use. */
export const commonMessages = defineMessages({
  en: {
    loading: 'Loading…',
    loadFailed: 'This could not be loaded.',
    retry: 'Try again',
    networkError: 'The server could not be reached.',
    save: 'Save',
    saving: 'Saving…',
    cancel: 'Cancel',
  },
  de: {
    loading: 'Wird geladen…',
    loadFailed: 'Das konnte nicht geladen werden.',
    retry: 'Erneut versuchen',
    networkError: 'Der Server ist nicht erreichbar.',
    save: 'Speichern',
    saving: 'Wird gespeichert…',
    cancel: 'Abbrechen',
  },
  fr: {
    loading: 'Chargement…',
    loadFailed: 'Impossible de charger ceci.',
    retry: 'Réessayer',
    networkError: 'Le serveur est injoignable.',
    save: 'Enregistrer',
    saving: 'Enregistrement…',
    cancel: 'Annuler',
  },
  es: {
    loading: 'Cargando…',
    loadFailed: 'No se pudo cargar.',
    retry: 'Reintentar',
    networkError: 'No se puede contactar con el servidor.',
    save: 'Guardar',
    saving: 'Guardando…',
    cancel: 'Cancelar',
  },
});
