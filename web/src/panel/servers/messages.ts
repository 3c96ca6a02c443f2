import { defineMessages } from '../../i18n/index.ts';

export const serverMessages = defineMessages({
  en: {
    title: 'Your servers',
    intro: 'Servers you own or manage (Manage Server permission).',
    manage: 'Manage',
    invite: 'Invite the bot',
    notInvited: 'The bot is not in this server yet.',
    owner: 'Owner',
    none: 'You don’t manage any server. Create one on Discord, or ask for the Manage Server permission.',
  },
  de: {
    title: 'Deine Server',
    intro: 'Server, die dir gehören oder die du verwaltest (Berechtigung „Server verwalten“).',
    manage: 'Verwalten',
    invite: 'Bot einladen',
    notInvited: 'Der Bot ist noch nicht auf diesem Server.',
    owner: 'Eigentümer',
    none: 'Du verwaltest keinen Server. Erstelle einen auf Discord oder bitte um die Berechtigung „Server verwalten“.',
  },
  fr: {
    title: 'Vos serveurs',
    intro: 'Les serveurs que vous possédez ou gérez (permission Gérer le serveur).',
    manage: 'Gérer',
    invite: 'Inviter le bot',
    notInvited: "Le bot n'est pas encore sur ce serveur.",
    owner: 'Propriétaire',
    none: 'Vous ne gérez aucun serveur. Créez-en un sur Discord ou demandez la permission Gérer le serveur.',
  },
  es: {
    title: 'Tus servidores',
    intro: 'Servidores que posees o gestionas (permiso Gestionar servidor).',
    manage: 'Gestionar',
    invite: 'Invitar al bot',
    notInvited: 'El bot aún no está en este servidor.',
    owner: 'Propietario',
    none: 'No gestionas ningún servidor. Crea uno en Discord o pide el permiso Gestionar servidor.',
  },
});
