import { defineMessages } from '../../i18n/index.ts';

export const landingMessages = defineMessages({
  en: {
    tagline: 'Music and community for your Discord server, on your own machine.',
    intro:
      'Gramophone is a self-hosted music bot with a Lavalink-compatible audio node, this control panel and listening history — one program, no outside service required.',
    login: 'Log in with Discord',
    invite: 'Add the bot to a server',
    openServers: 'Open your servers',
    trySandbox: 'Try it in the sandbox',
    sandboxNote:
      'This Gramophone runs without a Discord token: a local Discord with a demo server stands in, so you can try everything without an account.',
    loginError: 'Login failed: {reason}',
    featureMusic: 'Music bot',
    featureMusicText:
      'Slash commands, queues that survive restarts, DJ role and vote-skip, filters, playlists, 24/7.',
    featurePanel: 'Control panel',
    featurePanelText: 'Live queue control, per-server settings with an audit trail, analytics.',
    featureHistory: 'Listening history',
    featureHistoryText: 'Every play is recorded: statistics and exports for your server.',
    loginErrorDenied: 'the login was cancelled',
    loginErrorState: 'the login expired or came from another browser; try again',
    loginErrorExchange: 'Discord refused the login',
    loginErrorUnavailable: 'Discord could not be reached',
  },
  de: {
    tagline: 'Musik und Community für deinen Discord-Server, auf deinem eigenen Rechner.',
    intro:
      'Gramophone ist ein selbst gehosteter Musikbot mit Lavalink-kompatiblem Audio-Knoten, diesem Kontrollzentrum und Hörverlauf – ein Programm, kein externer Dienst nötig.',
    login: 'Mit Discord anmelden',
    invite: 'Bot zu einem Server hinzufügen',
    openServers: 'Deine Server öffnen',
    trySandbox: 'In der Sandbox ausprobieren',
    sandboxNote:
      'Dieses Gramophone läuft ohne Discord-Token: Ein lokales Discord mit einem Demo-Server springt ein, so kannst du alles ohne Konto ausprobieren.',
    loginError: 'Anmeldung fehlgeschlagen: {reason}',
    featureMusic: 'Musikbot',
    featureMusicText:
      'Slash-Befehle, Warteschlangen, die Neustarts überstehen, DJ-Rolle und Abstimmung zum Überspringen, Filter, Playlists, 24/7.',
    featurePanel: 'Kontrollzentrum',
    featurePanelText: 'Warteschlange live steuern, Servereinstellungen mit Protokoll, Statistiken.',
    featureHistory: 'Hörverlauf',
    featureHistoryText: 'Jede Wiedergabe wird erfasst: Statistiken und Exporte für deinen Server.',
    loginErrorDenied: 'die Anmeldung wurde abgebrochen',
    loginErrorState: 'die Anmeldung ist abgelaufen oder kam aus einem anderen Browser; versuche es erneut',
    loginErrorExchange: 'Discord hat die Anmeldung abgelehnt',
    loginErrorUnavailable: 'Discord ist nicht erreichbar',
  },
  fr: {
    tagline: 'Musique et communauté pour votre serveur Discord, sur votre propre machine.',
    intro:
      "Gramophone est un bot musical auto-hébergé avec un nœud audio compatible Lavalink, ce panneau de contrôle et l'historique d'écoute — un seul programme, aucun service externe requis.",
    login: 'Se connecter avec Discord',
    invite: 'Ajouter le bot à un serveur',
    openServers: 'Ouvrir vos serveurs',
    trySandbox: 'Essayer dans le bac à sable',
    sandboxNote:
      'Ce Gramophone tourne sans jeton Discord : un Discord local avec un serveur de démonstration le remplace, vous pouvez donc tout essayer sans compte.',
    loginError: 'Échec de la connexion : {reason}',
    featureMusic: 'Bot musical',
    featureMusicText:
      "Commandes slash, files d'attente qui survivent aux redémarrages, rôle DJ et vote pour passer, filtres, playlists, 24/7.",
    featurePanel: 'Panneau de contrôle',
    featurePanelText: "File d'attente en direct, paramètres par serveur avec journal d'audit, statistiques.",
    featureHistory: "Historique d'écoute",
    featureHistoryText: 'Chaque écoute est enregistrée : statistiques et exports pour votre serveur.',
    loginErrorDenied: 'la connexion a été annulée',
    loginErrorState: "la connexion a expiré ou vient d'un autre navigateur ; réessayez",
    loginErrorExchange: 'Discord a refusé la connexion',
    loginErrorUnavailable: 'Discord est injoignable',
  },
  es: {
    tagline: 'Música y comunidad para tu servidor de Discord, en tu propia máquina.',
    intro:
      'Gramophone es un bot de música autoalojado con un nodo de audio compatible con Lavalink, este panel de control e historial de escucha: un solo programa, sin servicios externos.',
    login: 'Iniciar sesión con Discord',
    invite: 'Añadir el bot a un servidor',
    openServers: 'Abrir tus servidores',
    trySandbox: 'Probarlo en el sandbox',
    sandboxNote:
      'Este Gramophone funciona sin token de Discord: un Discord local con un servidor de demostración lo sustituye, así que puedes probarlo todo sin cuenta.',
    loginError: 'Error al iniciar sesión: {reason}',
    featureMusic: 'Bot de música',
    featureMusicText:
      'Comandos de barra, colas que sobreviven a reinicios, rol de DJ y votación para saltar, filtros, listas, 24/7.',
    featurePanel: 'Panel de control',
    featurePanelText:
      'Control de la cola en directo, ajustes por servidor con registro de auditoría, estadísticas.',
    featureHistory: 'Historial de escucha',
    featureHistoryText: 'Cada reproducción queda registrada: estadísticas y exportaciones para tu servidor.',
    loginErrorDenied: 'se canceló el inicio de sesión',
    loginErrorState: 'el inicio de sesión caducó o vino de otro navegador; inténtalo de nuevo',
    loginErrorExchange: 'Discord rechazó el inicio de sesión',
    loginErrorUnavailable: 'no se puede contactar con Discord',
  },
});
