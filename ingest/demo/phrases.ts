import type { ChurnCategory } from '../../agent/contracts/churn-reason';

// What the demo company's customers and CSMs say, in English and French. Placeholders: {competitor},
// {feature}, {csm}, {name}, {company}. Written for the demo only: the analyzers are built and
// measured on their own labeled sets, never on these lines.

export type DemoLang = 'en' | 'fr';
type Bank = Record<DemoLang, string[]>;

export const COMPETITORS = ['Pipedrive', 'HubSpot', 'Sellsy', 'Axonaut', 'Zoho', 'Salesforce'];
export const FEATURES: Record<DemoLang, string[]> = {
  en: ['a Shopify integration', 'multi-currency invoicing', 'an offline mobile app', 'custom report exports', 'a public API for quotes', 'SSO with Google Workspace'],
  fr: ["une intégration Shopify", 'la facturation multi-devises', 'une appli mobile hors ligne', "l'export des rapports personnalisés", 'une API publique pour les devis', 'le SSO avec Google Workspace'],
};

/** How a leaving customer states a reason on an exit call: one sentence, quoted as the verbatim. */
export const REASON_STATEMENTS: Record<Exclude<ChurnCategory, 'forgot'>, Bank> = {
  price: {
    en: [
      "Honestly the price went up again this year and we can't justify it anymore.",
      'It is simply too expensive for a team our size.',
      "For what we use, the subscription costs more than it's worth to us.",
      'The new per-seat pricing doubled our bill, that was the breaking point.',
    ],
    fr: [
      "Franchement le prix a encore augmenté cette année et on ne peut plus le justifier.",
      "C'est tout simplement trop cher pour une équipe de notre taille.",
      "Pour ce qu'on en fait, l'abonnement coûte plus cher que ce qu'il nous rapporte.",
      'Le nouveau tarif par utilisateur a doublé notre facture, ça a été la goutte de trop.',
    ],
  },
  budget: {
    en: [
      "Our budgets were cut across the board and software subscriptions were the first to go.",
      "We're reviewing our budgets and this line didn't survive the review.",
      'Management froze all non-essential spending until next year.',
      'My manager asked me to justify every tool and I could not make the case for this one.',
    ],
    fr: [
      'On a eu des coupes budgétaires partout et les abonnements logiciels sont passés en premier.',
      'On revoit nos budgets et cette ligne n\'a pas survécu à la revue.',
      'La direction a gelé toutes les dépenses non essentielles jusqu\'à l\'an prochain.',
      'Mon responsable me demande de justifier chaque outil et je n\'ai pas réussi pour celui-ci.',
    ],
  },
  competitor: {
    en: [
      "We've decided to move to {competitor}, they offered us a better deal.",
      'We looked at what {competitor} does and it fits our sales process better.',
      "We've been contacted by {competitor} and their demo convinced the team.",
      'The group standardised on {competitor}, so we are switching at the end of the contract.',
    ],
    fr: [
      'On a décidé de passer chez {competitor}, ils nous ont fait une meilleure offre.',
      'On a regardé ce que fait {competitor} et ça colle mieux à notre façon de vendre.',
      'On a été contactés par {competitor} et leur démo a convaincu l\'équipe.',
      'Le groupe a choisi {competitor} pour tout le monde, donc on bascule à la fin du contrat.',
    ],
  },
  missing_feature: {
    en: [
      "We asked for {feature} three times and it never came, so we can't stay.",
      'Without {feature} the tool just does not work for us.',
      'We really needed {feature} and it is still not on your roadmap.',
    ],
    fr: [
      "On a demandé {feature} trois fois et ça n'est jamais arrivé, donc on ne peut pas rester.",
      "Sans {feature}, l'outil ne marche tout simplement pas pour nous.",
      "On avait vraiment besoin d'{feature} et ce n'est toujours pas dans votre feuille de route.",
    ],
  },
  product_quality: {
    en: [
      'The app kept crashing during our busiest weeks and we lost data twice.',
      'Too many bugs, every update breaks something we rely on.',
      "The sync has been unreliable for months and my team doesn't trust the numbers anymore.",
    ],
    fr: [
      "L'appli plantait pendant nos semaines les plus chargées et on a perdu des données deux fois.",
      'Trop de bugs, chaque mise à jour casse quelque chose dont on dépend.',
      "La synchronisation est instable depuis des mois et mon équipe n'a plus confiance dans les chiffres.",
    ],
  },
  support_experience: {
    en: [
      'Every ticket takes a week and I had to explain the same problem to three different people.',
      "I already explained this to your colleague, several times, and nothing happened.",
      'Support stopped answering us properly, that is why we are leaving.',
    ],
    fr: [
      "Chaque ticket prend une semaine et j'ai dû expliquer le même problème à trois personnes différentes.",
      "Je l'ai déjà expliqué à votre collègue, plusieurs fois, et rien n'a bougé.",
      "Le support ne nous répond plus correctement, c'est pour ça qu'on part.",
    ],
  },
  value_not_realized: {
    en: [
      "We don't really see results, the team went back to spreadsheets.",
      'We expected more from it, it never changed how we work.',
      'After a year we still cannot point to any return on it.',
      'Most of my people stopped logging in, so there is no point paying for it.',
    ],
    fr: [
      'On ne voit pas vraiment de résultats, l\'équipe est revenue aux tableurs.',
      "On en attendait plus, ça n'a jamais changé notre façon de travailler.",
      'Au bout d\'un an on ne voit toujours aucun retour sur investissement.',
      'La plupart de mes collaborateurs ne se connectent plus, ça ne sert à rien de payer.',
    ],
  },
  onboarding: {
    en: [
      'We never managed to finish the setup, it was too complicated for us.',
      'Nobody trained the team properly so we never really got started.',
      'The implementation dragged on for months and we gave up.',
    ],
    fr: [
      "On n'a jamais réussi à finir la mise en place, c'était trop compliqué pour nous.",
      "Personne n'a vraiment formé l'équipe, donc on n'a jamais vraiment démarré.",
      "Le déploiement a traîné pendant des mois et on a abandonné.",
    ],
  },
  no_longer_needed: {
    en: [
      'The project we bought it for is over, we simply do not need it now.',
      'We stopped that activity, so there is nothing left to manage in it.',
      "We're doing it by hand again, the volume is too small now.",
    ],
    fr: [
      "Le projet pour lequel on l'avait pris est terminé, on n'en a simplement plus besoin.",
      "On a arrêté cette activité, il n'y a plus rien à gérer dedans.",
      'On refait tout à la main, le volume est trop faible maintenant.',
    ],
  },
  business_change: {
    en: [
      'We were acquired and the new owners use their own tools.',
      "We're restructuring and the sales team is being cut in half.",
      'We are merging with another firm and their system wins.',
    ],
    fr: [
      'On a été rachetés et les nouveaux propriétaires ont leurs propres outils.',
      "On se restructure et l'équipe commerciale est réduite de moitié.",
      "On fusionne avec un autre cabinet et c'est leur système qui reste.",
    ],
  },
  relationship: {
    en: [
      'Since our account manager left nobody from your side has called us.',
      'We felt ignored this year, nobody followed up on what was promised.',
      'Honestly the trust is gone after how the renewal was handled.',
    ],
    fr: [
      "Depuis le départ de notre interlocuteur, personne de chez vous ne nous a appelés.",
      "On s'est sentis délaissés cette année, personne n'a donné suite à ce qui avait été promis.",
      'Honnêtement la confiance n\'est plus là après la façon dont le renouvellement a été géré.',
    ],
  },
  payment_failure: {
    en: [
      'Our card expired and we never got round to updating it, and then the account was closed.',
      'The payments kept failing on our side and by the time finance noticed it was too late.',
    ],
    fr: [
      "Notre carte a expiré et on n'a jamais pris le temps de la mettre à jour, puis le compte a été fermé.",
      'Les paiements échouaient de notre côté et quand la compta s\'en est aperçue c\'était trop tard.',
    ],
  },
  other: {
    en: ['It is a personal decision from the founder, nothing to do with you really.', 'We just decided to stop, there is no particular reason.'],
    fr: ['C\'est une décision personnelle du fondateur, rien à voir avec vous.', "On a juste décidé d'arrêter, il n'y a pas de raison particulière."],
  },
};

/** Hints dropped in routine calls while the drift is under way: the risk phrases scoring listens for. */
export const RISK_HINTS: Record<Exclude<ChurnCategory, 'forgot' | 'payment_failure'>, Bank> = {
  price: {
    en: ['The price felt high this month, to be honest.', "If we continue with you, we'd need a better rate.", 'Finance keeps asking me why this costs so much.'],
    fr: ['Le prix nous a paru élevé ce mois-ci, pour être honnête.', 'Si on continue avec vous, il nous faudrait un meilleur tarif.', 'La compta me demande sans arrêt pourquoi ça coûte autant.'],
  },
  budget: {
    en: ["We're reviewing our budgets for next year.", 'My manager is asking me to justify the spend.', 'Budgets are tight right now, everything is under review.'],
    fr: ['On revoit nos budgets pour l\'année prochaine.', 'Mon responsable me demande de justifier la dépense.', 'Les budgets sont serrés en ce moment, tout est revu.'],
  },
  competitor: {
    en: ["We've been contacted by {competitor} recently.", 'We looked at what {competitor} does, just to compare.', "We're hesitating, {competitor} made us an interesting offer."],
    fr: ['On a été contactés par {competitor} récemment.', 'On a regardé ce que fait {competitor}, juste pour comparer.', 'On hésite, {competitor} nous a fait une offre intéressante.'],
  },
  missing_feature: {
    en: ['We still need {feature}, any news on that?', 'For next time, {feature} would really make a difference.', 'The team keeps asking me about {feature}.'],
    fr: ['On a toujours besoin d\'{feature}, des nouvelles ?', 'Pour la prochaine fois, {feature} changerait vraiment la donne.', "L'équipe me demande sans cesse {feature}."],
  },
  product_quality: {
    en: ['The sync failed again this week.', "Great, another outage right before our month-end close, just what we needed.", 'The reports are so slow the team stopped opening them.'],
    fr: ['La synchronisation a encore planté cette semaine.', 'Super, encore une panne juste avant notre clôture mensuelle, il ne manquait plus que ça.', "Les rapports sont tellement lents que l'équipe ne les ouvre plus."],
  },
  support_experience: {
    en: ['I already explained this to your colleague.', 'Hopefully this time it will work.', 'This is the last time we open a ticket about this.'],
    fr: ["Je l'ai déjà expliqué à votre collègue.", "J'espère que cette fois ça va marcher.", "C'est la dernière fois qu'on ouvre un ticket pour ça."],
  },
  value_not_realized: {
    en: ["We don't really see results so far.", 'We expected more, to be honest.', "We're not so sure anymore that it fits us."],
    fr: ['On ne voit pas vraiment de résultats pour l\'instant.', "On s'attendait à mieux, pour être honnête.", "On n'est plus très sûrs que ça nous corresponde."],
  },
  onboarding: {
    en: ['We never really finished setting it up.', 'Half the team still does not know how to use it.', 'The setup is more work than we expected.'],
    fr: ["On n'a jamais vraiment fini de le paramétrer.", "La moitié de l'équipe ne sait toujours pas s'en servir.", 'La mise en place demande plus de travail que prévu.'],
  },
  no_longer_needed: {
    en: ['That project is winding down anyway.', "We're using it less and less these days.", 'Honestly we barely need it now.'],
    fr: ['Ce projet touche à sa fin de toute façon.', "On s'en sert de moins en moins ces temps-ci.", "Honnêtement on n'en a presque plus besoin."],
  },
  business_change: {
    en: ["There's a lot changing here, we're being reorganised.", 'The new management is reviewing all our tools.', "We might be merging with another company, nothing's decided."],
    fr: ['Beaucoup de choses changent ici, on est en pleine réorganisation.', 'La nouvelle direction revoit tous nos outils.', "On va peut-être fusionner avec une autre société, rien n'est décidé."],
  },
  relationship: {
    en: ["We haven't heard from anyone on your side in months.", 'Nobody followed up after our last meeting.', "Since our contact left, we don't know who to talk to."],
    fr: ["On n'a eu personne de chez vous depuis des mois.", "Personne n'a donné suite après notre dernière réunion.", 'Depuis le départ de notre interlocuteur, on ne sait plus à qui parler.'],
  },
  other: {
    en: ["We're not so sure anymore.", "We're hesitating about the renewal."],
    fr: ["On n'est plus très sûrs.", 'On hésite pour le renouvellement.'],
  },
};

export const POSITIVE: Bank = {
  en: [
    'The new dashboard saves us a lot of time every week.',
    'Everyone on the team uses it daily now, it has become part of how we work.',
    'Support fixed our issue within the hour, really appreciated.',
    'The automations have cut our follow-up time in half.',
    'We are thinking of adding a few seats for the new hires.',
    "Honestly we're very happy with it.",
  ],
  fr: [
    'Le nouveau tableau de bord nous fait gagner beaucoup de temps chaque semaine.',
    "Toute l'équipe s'en sert tous les jours maintenant, c'est devenu notre façon de travailler.",
    'Le support a réglé notre problème dans l\'heure, vraiment apprécié.',
    'Les automatisations ont divisé par deux notre temps de relance.',
    "On pense ajouter quelques licences pour les nouvelles recrues.",
    'Honnêtement on en est très contents.',
  ],
};

export const NEUTRAL: Bank = {
  en: [
    'Things are fine, nothing special to report.',
    'We mostly use the pipeline and the reports.',
    'Could you send the invoice to our accounting address?',
    'We have a new colleague joining next month, I will add her.',
    "It does the job, we haven't changed much since last time.",
  ],
  fr: [
    'Ça va, rien de particulier à signaler.',
    'On utilise surtout le pipeline et les rapports.',
    "Vous pourriez envoyer la facture à l'adresse de la compta ?",
    'Une nouvelle collègue arrive le mois prochain, je l\'ajouterai.',
    "Ça fait le travail, on n'a pas changé grand-chose depuis la dernière fois.",
  ],
};

/** The CSM's side of a call, by step. */
export const AGENT_LINES: Record<'opening' | 'strategic' | 'technical' | 'other' | 'follow_up' | 'closing' | 'exit', Bank> = {
  opening: {
    en: ['Hi {name}, this is {csm} from Canopée. Do you have a few minutes?', 'Hello {name}, {csm} here from Canopée, thanks for taking the call.'],
    fr: ['Bonjour {name}, {csm} de Canopée. Vous avez quelques minutes ?', "Bonjour {name}, c'est {csm} de chez Canopée, merci de prendre l'appel."],
  },
  strategic: {
    en: ['How is the team getting on with the platform this quarter?', 'What are your priorities for the coming months?'],
    fr: ["Comment l'équipe s'approprie-t-elle la plateforme ce trimestre ?", 'Quelles sont vos priorités pour les prochains mois ?'],
  },
  technical: {
    en: ['I saw your ticket about the sync, where are we with it?', 'Is the integration working as expected now?'],
    fr: ['J\'ai vu votre ticket sur la synchronisation, où en est-on ?', "L'intégration fonctionne comme prévu maintenant ?"],
  },
  other: {
    en: ['I am calling about your account details for the new year.', 'Just a quick call to check the billing contact.'],
    fr: ['Je vous appelle au sujet de votre compte pour la nouvelle année.', 'Un petit appel pour vérifier le contact de facturation.'],
  },
  follow_up: {
    en: ['Thanks, that is useful. Anything else we should know?', 'Understood. Is there anything we could do better?'],
    fr: ["Merci, c'est utile. Autre chose qu'on devrait savoir ?", "Compris. Est-ce qu'on pourrait faire mieux quelque part ?"],
  },
  closing: {
    en: ['Thanks {name}, I will send you a short recap by email.', 'Great, talk soon {name}.'],
    fr: ['Merci {name}, je vous envoie un petit récapitulatif par mail.', 'Parfait, à bientôt {name}.'],
  },
  exit: {
    en: ['I understand you have decided not to continue. May I ask what led to that decision?', 'I saw the cancellation request. Could you tell me what happened?'],
    fr: ["J'ai compris que vous ne souhaitiez pas continuer. Puis-je vous demander ce qui a motivé cette décision ?", "J'ai vu la demande de résiliation. Pouvez-vous me dire ce qui s'est passé ?"],
  },
};

export const CUSTOMER_CLOSINGS: Bank = {
  en: ['Sure, thanks for calling.', 'OK, speak soon.', 'Thanks, bye.'],
  fr: ['Oui, merci pour l\'appel.', "D'accord, à bientôt.", 'Merci, au revoir.'],
};

export const NPS_COMMENTS: Record<'promoter' | 'passive' | 'detractor', Bank> = {
  promoter: {
    en: ['Great tool, the team loves it.', 'Easy to use and the support is responsive.', 'It has become essential for our sales.'],
    fr: ["Super outil, l'équipe l'adore.", 'Simple à utiliser et le support est réactif.', 'Devenu indispensable pour nos ventes.'],
  },
  passive: {
    en: ['Does the job, a few rough edges.', 'Good overall, reports could be faster.', 'Fine, a bit pricey.'],
    fr: ['Fait le travail, quelques points à améliorer.', 'Bien dans l\'ensemble, les rapports pourraient être plus rapides.', 'Correct, un peu cher.'],
  },
  detractor: {
    en: ['Too many bugs lately.', 'Support is slow to answer.', "We don't see the value anymore."],
    fr: ['Trop de bugs ces derniers temps.', 'Le support met du temps à répondre.', 'On ne voit plus vraiment l\'intérêt.'],
  },
};

/** CSM notes logged after a call, in the team's language (the CSMs are in Lyon: French for French-speaking customers). */
export const NOTES: { routine: Bank; risk: Bank } = {
  routine: {
    en: ['Routine check-in, usage steady, no open issues.', 'Call went well, they plan to roll out to a second team.', 'Quick call, billing contact updated.'],
    fr: ['Point de suivi classique, usage stable, pas de sujet ouvert.', 'Bon appel, ils prévoient de déployer sur une deuxième équipe.', 'Appel rapide, contact de facturation mis à jour.'],
  },
  risk: {
    en: ['Customer hesitating about the renewal: "{hint}"', 'Risk: heard "{hint}" — follow up before renewal.', 'Not a great call. Quote: "{hint}"'],
    fr: ['Client hésitant sur le renouvellement : « {hint} »', 'Risque : entendu « {hint} », à suivre avant le renouvellement.', 'Appel moyen. Verbatim : « {hint} »'],
  },
};

/** The reason a leaver may say instead of the true one: the easier thing to say on the phone. */
export const EASIER_TO_SAY: Partial<Record<ChurnCategory, ChurnCategory[]>> = {
  value_not_realized: ['price', 'budget'],
  relationship: ['price', 'other'],
  competitor: ['price'],
  onboarding: ['value_not_realized', 'price'],
  support_experience: ['product_quality'],
  product_quality: ['price'],
  missing_feature: ['competitor'],
  business_change: ['budget'],
  no_longer_needed: ['budget'],
  price: ['budget'],
  budget: ['price'],
};
