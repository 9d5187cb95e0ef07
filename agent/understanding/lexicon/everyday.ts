import type { ChurnCategory } from '../../contracts';
import type { Patterns } from './types';

// Everyday wording of churn reasons, added to each language's `reasons` cues (same pattern syntax,
// see types.ts; folded text: lower case, no accents, ё → е). The per-language files hold the cues
// the taxonomy was first written with; these are the broader ways customers say the same things on
// calls, in email and by SMS — colloquial verbs, idioms, the nouns around each topic — written from
// how people talk, not from any labeled set. They are lexicon evidence for the trained classifier
// (a cue alone does not decide the category), so a wider net costs little precision.

export type Everyday = Partial<Record<ChurnCategory, Patterns>>;

const en: Everyday = {
  price: [
    'costs? (?:us )?(?:an arm|a fortune|a bomb|a lot)', 'arm and a leg', 'a fortune', 'money#', 'budget-friendly', 'bill#', 'bills#', 'invoice', 'per month', 'a month', 'monthly fee', 'annual fee',
    'too steep', 'price tag', 'sticker shock', 'can(?:\'?t|not) justify (?:the|that|this) (?:price|cost|amount)', 'for what it does', 'for what we use', 'nickel', 'overcharg', 'pay(?:ing)? through the nose',
    'value for money', 'out of our league', 'markup', 'mark-up', 'premium', 'subscription fee', 'renewal price', 'new price', 'new rate', 'raise(?:d)? (?:the|your) (?:price|rate)', 'doubled', 'tripled',
  ],
  budget: [
    'belt', 'tighten', 'purse strings', 'bean counters', 'accounts? (?:department|team)', 'cost review', 'expense', 'expenses', 'overheads?', 'headcount', 'cost centre', 'cost center',
    'not in (?:the|this year\'?s|next year\'?s) budget', 'no money (?:left|for)', 'ran out of money', 'sign[- ]off', 'board (?:said|wants|decided)', 'investors', 'runway', 'lean year', 'hard times',
    'cut (?:down|back) on', 'trim', 'slash', 'frozen', 'allocation', 'fiscal', 'cost-saving', 'money is',
  ],
  competitor: [
    'moving over', 'move over', 'going over to', 'jump(?:ing)? ship', 'try(?:ing)? out', 'signed up (?:for|with)', 'their (?:pricing|plan|features|app|system)', 'they have', 'they include',
    'includes? (?:it|this|that) for free', 'other (?:company|crm|app|system|service)', 'someone else', 'different (?:vendor|provider|tool|platform|company|supplier)', 'rival', 'the other guys',
    'bundled', 'comes with', 'already (?:using|pay(?:ing)? for|have)', 'cheaper with', 'better with', 'vs#', 'versus', 'over to',
  ],
  missing_feature: [
    'wish (?:list|you had|there was)', 'if only (?:it|you)', 'no way (?:to|of)', 'there\'?s no', "(?:doesn'?t|does not|can'?t|cannot|won'?t) (?:even )?(?:let|allow|do|connect|talk to|work with|export|import)",
    'workaround', 'manually', 'by hand', 'copy[- ]past', 'feature request', 'still no', 'not available', 'unavailable in', 'only (?:in|available|works)', 'doesn\'?t exist', 'lacking', 'gap#', 'gaps#',
    'plugin', 'add-?on', 'support for', 'compatible', 'compatibility', 'single sign', 'dark mode', 'bulk', 'templates?#', 'webhooks?', 'zapier',
  ],
  product_quality: [
    'glitch', 'buggy', 'bugs#', 'broken', 'breaks', 'crash', 'freez', 'hangs', 'lag', 'laggy', 'slow', 'sluggish', 'load(?:s)? forever', 'spinning', 'down again', 'outage', 'downtime',
    'keeps? (?:failing|crashing|breaking|logging|dropping|losing)', 'lost (?:our|my|the|all)', 'data loss', 'wiped', 'duplicat', 'sync(?:ing)? (?:issue|problem|fail)', 'unreliable', 'flaky', 'clunky',
    'error', 'timeout', 'time out', 'logged out', 'doesn\'?t work', 'does not work', 'stopped working', 'not working', 'half the time', 'every other day', 'unstable', 'reliab',
  ],
  support_experience: [
    'help ?desk', 'customer service', 'customer care', 'helpline', 'live chat', 'chat(?:bot)?', 'agent', 'rep#', 'reps#', 'representative', 'on hold', 'hold music', 'no one (?:answers|replies|gets back|picks up)',
    'nobody (?:answers|replies|picks up|gets back|helps)', 'never (?:heard|got) back', 'ghosted', 'left on read', 'canned', 'copy-paste answer', 'scripted', 'closed (?:my|our|the) ticket', 'escalat',
    'response time', 'days? to (?:reply|respond|answer)', 'weeks? to (?:reply|respond|answer)', 'unhelpful', 'rude', 'dismissive', 'passed around', 'runaround', 'run-around', 'callback', 'call back',
  ],
  value_not_realized: [
    'worth it', 'moving the needle', 'move the needle', 'needle', 'outcome', 'payoff', 'pay-?off', 'bottom line', 'no difference', 'made no', 'makes no',
    'not seeing', 'never saw', 'nothing to show', 'shelfware', 'gathering dust', 'collecting dust', 'sits? unused', 'nobody logs in', 'no one logs in', 'barely touch', 'adoption', 'usage', 'promised',
    'sold us', 'hype', 'overpromis', 'expectations?#', 'benefit', 'roi', 'return on', 'impact',
  ],
  onboarding: [
    'set ?up', 'setting up', 'getting started', 'get started', 'get going', 'getting going', 'up and running', 'training', 'trained', 'tutorial', 'walkthrough',
    'how to use', 'figure (?:it|out)', 'figured out', 'confusing', 'complicated', 'overwhelming', 'too complex', 'implementation', 'implement', 'rollout', 'roll out', 'go-live', 'go live', 'kickoff', 'kick-off',
    'import(?:ing)? (?:our|the)', 'first weeks?', 'first months?', 'never got (?:it|off the ground|started)', 'off the ground', 'handholding', 'hand-holding', 'guidance',
  ],
  no_longer_needed: [
    'no need', "don'?t need", 'do not need', 'not needed', 'need it anymore', 'need it any more', 'outgrown', 'grew out of', 'redundant', 'obsolete', 'spreadsheet', 'google sheets', 'in-house', 'in house',
    'built our own', 'build our own', 'wrapped up', 'project is over', 'project ended', 'project finished', 'season is over', 'use case', 'no longer relevant', 'not relevant', 'stopped doing', 'we stopped',
    'we don\'?t do', 'does the job', 'good enough', 'covers? (?:it|that|what we need)', 'handle it ourselves', 'ourselves',
  ],
  business_change: [
    'acquired', 'acquisition', 'bought (?:out|us)', 'buyout', 'merg', 'parent company', 'new owners?', 'head office', 'hq#', 'headquarters', 'restructur', 'reorg', 'layoffs?', 'laid off', 'downsiz',
    'shutting down', 'closing (?:down|the business|our doors|shop)', 'wind(?:ing)? down', 'going out of business', 'bankrupt', 'insolven', 'retir', 'selling the (?:business|company)', 'sold the (?:business|company)',
    'pivot', 'new direction', 'new ceo', 'new management', 'relocat', 'taken over', 'takeover', 'spun off', 'spin-off', 'standardi[sz]', 'group-wide', 'company-wide', 'mandated',
  ],
  forgot: [
    'forgot', 'forgotten', 'slipped (?:my|our) mind', 'slipped through', 'didn\'?t realise', "didn'?t realize", 'did not realise', 'did not realize', 'had no idea', 'no idea we', 'still (?:being )?(?:charged|billed|paying|subscribed)',
    'thought (?:we|i) (?:had )?(?:cancel|stopp|closed|ended)', 'auto-?renew', 'renewed automatically', 'automatically renewed', 'without (?:us|me) noticing', 'never noticed', 'didn\'?t notice', 'unused since',
    'forgot(?:ten)? (?:about|we)', 'left running', 'still running', 'surprise charge', 'unexpected charge', 'saw the charge', 'on (?:my|our) (?:card|statement)',
  ],
  payment_failure: [
    'card (?:expired|declined|was declined|got declined|bounced|failed|blocked)', 'expired card', 'declined', 'bounced', 'payment (?:failed|didn\'?t go through|bounced|issue|problem|error)', 'failed payment',
    'insufficient funds', 'billing (?:issue|problem|error|failed)', 'update (?:my|our|the) card', 'new card', 'card details', 'direct debit', 'bank (?:blocked|declined|rejected)', 'overdue', 'past due', 'outstanding',
    'unpaid', 'dunning', 'suspended for', 'account (?:was )?suspended', 'locked out (?:for|because of) (?:non-?payment|payment)', 'wire transfer', 'purchase order',
  ],
  relationship: [
    'account manager', 'csm#', 'customer success', 'our rep', 'contact person', 'point of contact', 'nobody (?:checks in|calls|reaches out)', 'never (?:checks in|calls|reaches out|hear from)', 'neglected',
    'taken for granted', 'don\'?t care', 'do not care', 'doesn\'?t care', 'no one cares', 'nobody cares', 'pushy', 'hard sell', 'upsell',
    'trust', 'broken promises?', 'promised', 'personal touch', 'partnership', 'relationship', 'rapport', 'turnover', 'new contact', 'keeps? changing', 'treated',
  ],
  other: [
    'personal reasons', 'private reasons', 'family', 'health', 'illness', 'sick leave', 'maternity', 'paternity', 'leaving the company', 'changing jobs', 'new job', 'i\'?m leaving', 'rather not say',
    'prefer not to (?:say|go into)', 'won\'?t go into', 'it\'?s complicated', 'long story', 'various reasons', 'a few reasons', 'several reasons', 'just because', 'no particular reason', 'circumstances',
    'policy', 'compliance', 'legal', 'gdpr', 'data residency', 'ethical', 'values', 'decided to stop', 'time to move on',
    // dissatisfaction with no topic, and a bare request to leave: "other" unless something names why
    'not (?:happy|satisfied|pleased)', 'unhappy', 'not (?:a (?:good )?|the right )?fit', 'not working (?:out )?for us', 'didn\'?t work out', 'just not (?:for us|our thing)', 'fed up', 'had enough',
    'overall', 'across the board', 'never clicked', 'so-so', 'lot of (?:small|little) things', 'please (?:cancel|close|terminate)', 'cancel (?:it|please|pls|our|my)', 'close (?:the|our|my) account',
    'end (?:the|our) (?:contract|subscription)', 'nothing (?:more|else) to (?:add|say)', 'that\'?s all', 'time for a change', 'simplify', 'fewer (?:apps|tools|subscriptions)',
  ],
};

const fr: Everyday = {
  price: [
    'ruineux', 'hors de prix', 'exorbitant', 'excessif', 'abusif', 'salee?#', 'douloureuse', 'coute (?:un bras|une fortune|les yeux de la tete)', 'les yeux de la tete', 'un bras', 'une fortune', 'trop eleve',
    'tarification', 'grille tarifaire', 'abonnement (?:mensuel|annuel)', 'mensualite', 'par mois', 'par an#', 'ht#', 'ttc#', 'rapport qualite', 'qualite-prix', 'qualite prix', 'pas dans nos moyens', 'au-dessus de nos moyens',
    'trop pour', 'on paie trop', 'trop paye', 'surfactur', 'augmentation', 'revalorisation', 'indexation', 'doubl', 'tripl', 'cout(?:e|ent)? (?:trop|cher)', 'argent',
  ],
  budget: [
    'serrer la ceinture', 'economie', 'restriction budgetaire', 'coupe', 'couper', 'reduire les (?:couts|depenses|frais)', 'reduction des (?:couts|depenses|frais)', 'frais generaux', 'charges', 'enveloppe',
    'arbitrage', 'arbitrer', 'priorites', 'gel des', 'plus de (?:budget|moyens|fonds|financement)', 'pas de budget', 'sans budget', 'controle de gestion', 'direction generale',
    'conseil d\'administration', 'actionnaires', 'investisseurs', 'levee de fonds', 'fonds', 'conjoncture', 'crise', 'annee difficile', 'periode difficile', 'temps durs', 'couper dans',
  ],
  competitor: [
    'on passe (?:chez|sur|a)', 'on part (?:chez|sur)', 'passer sur', 'basculer', 'bascule', 'migrer (?:vers|sur|chez)', 'migration vers', 'on teste', 'on essaie', 'en test', 'essai gratuit', 'propose(?:nt)? (?:la meme|le meme|mieux|plus)',
    'offre (?:concurrente|plus|moins)', 'un autre (?:logiciel|editeur|outil|service|crm)', 'une autre (?:solution|plateforme|application|appli|societe)', 'ailleurs', 'la concurrence', 'en face', 'inclus (?:dans|chez)',
    'integre (?:dans|chez)', 'deja (?:chez|sur|abonnes)', 'ils font', 'ils ont', 'ils proposent', 'leur (?:offre|outil|solution|tarif|plateforme)', 'demarche', 'sollicite', 'versus', 'vs#', 'moins cher chez',
  ],
  missing_feature: [
    'il manque', 'manquant', 'absence de', 'n\'existe pas', 'pas de (?:fonction|module|export|api|connecteur|integration|synchro|version|application|appli|mode)', 'connecteur', 'appli mobile', 'version mobile',
    'sur mobile', 'a la main', 'manuellement', 'copier-coller', 'copier coller', 'bidouill', 'contournement', 'feuille de route', 'toujours pas de', 'indispensable',
    'incompatible', 'compatib', 'multilingue', 'en anglais', 'uniquement en', 'authentification unique', 'sso#', 'signature electronique', 'prise en charge', 'ne prend pas en charge', 'ne sait pas',
  ],
  product_quality: [
    'bugge', 'bugue', 'plante', 'rame', 'ramer', 'galere', 'deconnect', 'se fige', 'fige', 'gele', 'ecran blanc', 'chargement', 'charge pas', 'ne charge', 'tourne dans le vide',
    'temps de reponse', 'perte de donnees', 'perdu (?:nos|les|des|toutes)', 'doublon', 'synchro', 'hors service', 'en panne', 'ne marche', 'ne fonctionne', 'dysfonction', 'defaillan', 'qualite', 'pas fiable',
    'catastroph', 'n\'importe quoi', 'usine a gaz', 'bancal', 'approximatif', 'une fois sur deux', 'regulierement', 'encore tombe', 'tombe en panne', 'interruption',
  ],
  support_experience: [
    'assistance', 'service apres-vente', 'service apres vente', 'conseiller', 'standard', 'injoignable', 'aucune reponse', 'sans reponse', 'pas de reponse', 'jamais eu de retour',
    'aucun retour', 'pas de retour', 'on nous balade', 'balade', 'renvoye', 'mail automatique', 'reponse automatique', 'reponse type', 'incompetent', 'desagreable', 'impoli', 'mepris',
    'meprisant', 'tickets?#', 'relance', 'relancer', 'escalade', 'musique d\'attente', 'en attente', 'delais', 'temps de traitement', 'ne (?:nous )?repond', 'ne rappelle', 'prise en charge de notre demande',
  ],
  value_not_realized: [
    'retour sur investissement', 'rentabilite', 'rentable', 'pas rentable', 'ca ne rapporte', 'rapporte', 'aucun effet', 'effet', 'pas d\'impact', 'aucun impact', 'aucune difference', 'rien change', 'rien n\'a change',
    'resultats', 'chiffres', 'promesses', 'beaucoup promis', 'pas a la hauteur', 'en deca', 'attentes', 'decevant', 'deception',
    'personne ne s\'en sert', 'personne ne l\'utilise', 'on ne s\'en sert', 'peu utilise', 'sous-utilise', 'dort', 'inutilise', 'l\'interet', 'utilite', 'apporte',
  ],
  onboarding: [
    'prendre en main', 'apprentissage', 'on n\'a jamais reussi', 'jamais reussi a', 'jamais pu (?:demarrer|lancer|installer|configurer)', 'deploiement', 'deployer', 'migration des donnees',
    'import des', 'importer', 'parametrage', 'reglage', 'trop complexe', 'compliquee?s?#', 'pas intuitif', 'peu intuitif', 'perdus', 'on s\'y perd', 'on ne comprend', 'mode d\'emploi', 'guide', 'tuto',
    'seuls', 'livres a nous-memes', 'pas accompagne', 'aucun accompagnement', 'formation', 'former', 'premieres semaines', 'debut', 'au depart',
  ],
  no_longer_needed: [
    'plus l\'utilite', 'n\'en a plus besoin', 'n\'en avons plus besoin', 'ne s\'en sert plus', 'plus d\'utilite', 'inutile desormais', 'devenu inutile', 'obsolete', 'superflu', 'tableau', 'google sheets',
    'feuille de calcul', 'suffit', 'suffisant', 'on gere (?:en interne|nous-memes|seuls)', 'developpe en interne', 'notre propre', 'l\'activite s\'arrete', 'activite arretee', 'saison (?:terminee|finie)',
    'mission terminee', 'plus d\'activite', 'on arrete (?:l\'activite|ce service|cette activite)', 'ne fait plus', 'ne faisons plus', 'plus concerne', 'plus pertinent',
  ],
  business_change: [
    'rachetee?s?#', 'repris par', 'reprise par', 'absorbe', 'absorption', 'racheteur', 'nouveau proprietaire', 'nouvelle direction', 'nouveau directeur', 'pdg', 'filiale', 'maison-mere',
    'demenag', 'delocalis', 'on ferme', 'fermons', 'cessation d\'activite', 'depot de bilan', 'deposer le bilan', 'mise en sommeil', 'retraite', 'vente de (?:la societe|l\'entreprise|l\'agence|la boutique)',
    'vendu (?:la societe|l\'entreprise|l\'agence|la boutique)', 'associe', 'associes', 'separation', 'reduction d\'effectif', 'effectifs', 'plan de sauvegarde', 'impose par', 'le groupe impose', 'harmonis', 'standardis',
  ],
  forgot: [
    'j\'avais oublie', 'on avait oublie', 'complet(?:ement)? oublie', 'sorti de la tete', 'pas fait attention', 'pas vu passer', 'pas vu que', 'je ne savais (?:meme )?pas', 'on ne savait pas', 'aucune idee que',
    'toujours en cours', 'encore actif', 'tacite reconduction', 'reconduit automatiquement', 'renouvele automatiquement', 'renouvellement automatique', 'prelevement surprise', 'preleves? sans', 'releve bancaire',
    'sur mon releve', 'sur le compte', 'on croyait', 'je pensais que c\'etait', 'pensais avoir', 'on paie pour rien',
  ],
  payment_failure: [
    'carte (?:a )?expire', 'carte perimee', 'carte bloquee', 'carte refusee', 'paiement refuse', 'paiement a echoue', 'paiement n\'est pas passe', 'impaye', 'incident de paiement', 'defaut de paiement',
    'solde insuffisant', 'provision insuffisante', 'decouvert', 'banque a refuse', 'banque a bloque', 'opposition', 'changer (?:de|la) carte', 'nouvelle carte', 'coordonnees bancaires', 'mandat sepa', 'sepa',
    'compte suspendu', 'acces coupe', 'relance de paiement', 'retard de paiement', 'facture impayee', 'bon de commande',
  ],
  relationship: [
    'chargee? d\'affaires', 'responsable de compte', 'contact commercial', 'notre contact', 'personne ne prend (?:de nos nouvelles|des nouvelles)', 'aucune nouvelle', 'jamais de nouvelles', 'on ne nous appelle',
    'on ne nous rappelle', 'pris de haut', 'pas considere', 'consideration', 'pas ecoute', 'a l\'ecoute', 'mepris', 'harcel', 'trop insistant', 'forcing', 'vente forcee',
    'parole', 'engagements? (?:non tenus|pas tenus)', 'promesses non tenues', 'on nous a promis', 'proximite', 'partenariat', 'change (?:encore )?d\'interlocuteur', 'turnover',
  ],
  other: [
    'raisons? privees?', 'pour des raisons', 'raisons qui (?:me|nous) (?:sont|regardent)', 'je prefere ne pas', 'je ne souhaite pas (?:detailler|expliquer|entrer)', 'sans entrer dans les details', 'c\'est personnel',
    'maladie', 'malade', 'conge (?:maternite|parental|maladie)', 'deces', 'demenagement personnel', 'je quitte', 'je change de poste', 'changement de poste', 'nouveau poste', 'choix personnel', 'choix de vie',
    'ethique', 'valeurs', 'rgpd', 'hebergement des donnees', 'conformite', 'juridique', 'c\'est comme ca', 'voila tout',
    // mécontentement sans sujet, et la simple demande de partir
    'pas (?:satisfaits?|contents?)', 'mecontent', 'decus?#', 'decevant', 'ne (?:nous )?correspond pas', 'pas (?:notre truc|pour nous)', 'ca ne (?:marche|colle|l\'a) pas', 'ras le bol', 'marre',
    'dans l\'ensemble', 'globalement', 'bof#', 'plein de petites choses', 'resiliez', 'merci de (?:resilier|fermer|cloturer)', 'fermer (?:le|notre|mon) compte', 'mettre fin', 'rien a ajouter',
    'envie de changement', 'simplifier', 'moins d\'(?:applis|outils|abonnements)',
  ],
};

const ru: Everyday = {
  price: [
    'дорого', 'дороговат', 'накладно', 'кусач', 'не по карману', 'не тянем', 'неподъемн', 'космическ', 'заоблачн', 'грабеж', 'обдираловк', 'бешен', 'конск', 'прайс', 'абонплат', 'ежемесячн',
    'в год', 'в месяц', 'соотношение цены', 'цена-качество', 'цена/качество', 'переплата', 'платить (?:столько|такие)', 'таких денег', 'столько денег', 'выросл', 'вырос', 'повысили', 'в два раза', 'вдвое', 'втрое',
  ],
  budget: [
    'урезали', 'режем', 'срезали', 'оптимизац', 'экономим', 'затягиваем пояса', 'пояс', 'смет', 'статья расходов', 'статьи расходов', 'лимит', 'не согласовал', 'не согласуют', 'согласовани', 'финдиректор',
    'финансовый директор', 'собственник', 'инвестор', 'денег нет', 'нет бюджета', 'без бюджета', 'деньги закончились', 'денег не хватает', 'не заложили', 'заложено', 'сокращаем расходы', 'сокращение расходов',
    'тяжелые времена', 'сложные времена', 'трудный год', 'санкци', 'курс', 'заморозили', 'мораторий',
  ],
  competitor: [
    'уходим (?:к|на|в)', 'переезжаем (?:на|в|к)', 'переходим (?:на|к|в)', 'перешли (?:на|к|в)', 'пробуем', 'тестируем', 'на тесте', 'пилот', 'другого (?:поставщика|сервиса|подрядчика|вендора)', 'другой (?:поставщик|сервис|продукт|вендор|црм|crm)',
    'у других', 'у конкурентов', 'в другом (?:сервисе|месте)', 'в другой (?:системе|компании)', 'аналог', 'замен', 'отечественн', 'импортозамещ', 'российск(?:ий|ое|ую) (?:аналог|решение|продукт)',
    'входит в (?:пакет|подписку|тариф)', 'бесплатно у', 'у них (?:есть|дешевле|лучше|бесплатно)', 'они предлагают', 'предложили', 'позвонили из', 'написали из', 'против',
  ],
  missing_feature: [
    'нет (?:возможности|функции|интеграции|модуля|выгрузки|экспорта|приложения|версии|поддержки|русского|связки)', 'нельзя', 'невозможно', 'не поддерживает', 'не позволяет', 'не дает', 'не умеет',
    'вручную', 'руками', 'костыл', 'обходн', 'дорожн(?:ая|ой) карт', 'в планах', 'когда (?:появится|будет|добавите)', 'до сих пор нет', 'все еще нет', 'не появилось', 'не хватает', 'недостает', 'модуль',
    'интеграц', 'синхронизац', 'мобильн', 'приложени', 'на телефоне', 'единый вход', 'эцп', 'электронн(?:ая|ой) подпис', 'только на английском', 'локализац', 'совместим',
  ],
  product_quality: [
    'глючит', 'глюки', 'лагает', 'лаги', 'тупит', 'подвисает', 'вылетает', 'слетает', 'слетели', 'пропадают', 'пропали', 'потеряли', 'потерялись', 'не грузится', 'не загружается', 'грузится', 'долго (?:грузит|открыва|загружа)',
    'белый экран', 'ошибк', 'сбой', 'сбои', 'падение', 'упало', 'лежал', 'лежит', 'не открывается', 'не сохраняет', 'не сохраняется', 'дубли', 'кривой', 'криво', 'сырой', 'сыро', 'нестабил', 'ненадежн', 'через раз', 'постоянно',
    'вечно', 'каждый день', 'опять',
  ],
  support_experience: [
    'поддержка', 'техподдержка', 'служба поддержки', 'горячая линия', 'колл-центр', 'кол-центр', 'чат', 'бот', 'робот', 'отписки', 'отписк', 'шаблонн', 'футбол', 'футболят', 'гоняют', 'переключают',
    'не дождались', 'не дождаться', 'недели ждем', 'неделю ждем', 'дней ждем', 'ответа нет', 'без ответа', 'ноль реакции', 'никакой реакции', 'не перезвонил', 'не перезвонили', 'никто не перезвонил',
    'не отвечают', 'не ответили', 'тикет', 'заявк', 'обращени', 'некомпетент', 'грубят', 'хамят', 'хамство', 'вежлив', 'специалист', 'инженер', 'мастер',
  ],
  value_not_realized: [
    'не окупил', 'не окупается', 'окупаемост', 'отдачи', 'отдача', 'выхлоп', 'толку', 'без толку', 'смысла', 'никакого эффекта', 'эффекта нет', 'результатов нет', 'результата нет', 'ничего не изменилось',
    'ничего не поменялось', 'как было', 'не почувствовали', 'не увидели', 'не видим', 'обещали', 'обещания', 'ожидания', 'не оправдал', 'разочарован', 'пользуется', 'не пользуются', 'пылится', 'простаивает',
    'лежит мертвым грузом', 'мертвым грузом', 'зря платим', 'деньги на ветер', 'впустую', 'польза', 'пользы', 'ценност', 'роста нет',
  ],
  onboarding: [
    'не смогли запустить', 'не запустились', 'так и не запустили', 'так и не настроили', 'так и не разобрались', 'не разобрались', 'сложно разобраться', 'непонятно', 'запутанн', 'слишком сложн', 'сложный интерфейс',
    'порог входа', 'обучать', 'обучить', 'научить', 'инструкция', 'видеоурок', 'вебинар', 'внедрить', 'внедрение', 'внедряли', 'перенос данных', 'перенести данные', 'импорт', 'миграци', 'настройк',
    'без помощи', 'бросили', 'сами по себе', 'на старте', 'в начале', 'первые недели', 'первый месяц',
  ],
  no_longer_needed: [
    'больше не нужно', 'больше не нужен', 'больше не нужна', 'уже не нужно', 'не актуально', 'неактуально', 'потеряло актуальность', 'нет потребности', 'потребность отпала', 'отпала необходимость', 'отпала',
    'гугл-таблиц', 'гугл таблиц', 'табличк', 'блокнот', 'хватает', 'справляемся', 'обходимся', 'сами справимся', 'своя система', 'свою систему', 'написали свое', 'самописн', 'проект завершен', 'проект закрыт',
    'проект закончился', 'сезон закончился', 'направление закрыли', 'больше этим не занимаемся', 'не занимаемся', 'перестали',
  ],
  business_change: [
    'купила', 'купили', 'продали (?:бизнес|компанию|фирму)', 'продаем (?:бизнес|компанию)', 'новый собственник', 'новые собственники', 'новый владелец', 'новое руководство', 'новый директор', 'новый гендиректор',
    'присоедин', 'влились', 'вошли в (?:состав|группу)', 'объединени', 'головной офис', 'головная компания', 'группа компаний', 'закрываем', 'закрывается', 'ликвидац', 'банкрот', 'переезд', 'переезжаем',
    'сворачиваем', 'свернули', 'реструктуризац', 'реорганизац', 'оптимизация штата', 'сократили штат', 'увольнени', 'уходим на пенсию', 'пенсию', 'единая система', 'по всей группе', 'стандарт',
  ],
  forgot: [
    'забыли', 'забыл', 'забыла', 'забылось', 'из головы', 'упустил', 'упустили', 'проглядел', 'не уследил', 'не заметили', 'не знали', 'понятия не имел', 'даже не знал', 'думал, что отменил', 'думали, что',
    'списали', 'списание', 'списывают', 'списывается', 'продлилось', 'продлилась', 'продлили автоматически', 'автоматически', 'автосписан', 'автоплатеж', 'выписк', 'в выписке',     'висит подписка', 'висела', 'не пользуемся, а платим',
  ],
  payment_failure: [
    'карта', 'карту', 'картой', 'истек срок', 'срок действия карты', 'недостаточно средств', 'не хватило средств', 'банк отклонил', 'банк заблокировал', 'отклонил платеж', 'платеж не прошел', 'не проходит оплата',
    'не проходит платеж', 'ошибка оплаты', 'сбой оплаты', 'долг', 'просрочк', 'просрочен', 'неоплач', 'не оплатили', 'не смогли оплатить', 'счет на оплату', 'безнал', 'реквизиты', 'поменять карту', 'новую карту',
    'аккаунт заблокировали', 'доступ закрыли', 'отключили за',
  ],
  relationship: [
    'менеджер', 'наш менеджер', 'персональный менеджер', 'аккаунт', 'куратор', 'контактное лицо', 'никто не звонит', 'никто не интересуется', 'не интересуется', 'пропал', 'пропали', 'исчез', 'забыли о нас',
    'бросили', 'не ценят', 'не ценит', 'равнодуш', 'наплевательск', 'наплевать', 'очередной клиент', 'как к', 'навязыва', 'впаривают', 'давят', 'обещал', 'обещания не', 'не держат слово',
    'слово', 'доверие', 'довер', 'отношение', 'партнерств', 'меняются менеджеры', 'сменили менеджера',
  ],
  other: [
    'личные причины', 'по личным', 'по причинам', 'причины (?:есть|свои)', 'не хочу (?:вдаваться|объяснять|говорить)', 'без подробностей', 'не буду вдаваться',     'семья', 'семейные', 'здоровье', 'болезнь', 'больничн', 'декрет', 'ухожу из компании', 'меняю работу', 'увольняюсь', 'новая работа', 'так сложилось', 'так получилось', 'обстоятельства', 'решение принято',
    'политика компании', 'безопасност', 'юристы', 'юридическ', 'персональные данные', '152-фз', 'хранение данных',
    // недовольство без предмета и просто просьба уйти
    'недовольн', 'не устраива', 'не подош', 'не зашл', 'не понрави', 'не сложил', 'не то#', 'в целом', 'так себе', 'надоел', 'достал', 'устали', 'хватит', 'без (?:особых )?причин',
    'без комментари', 'просто (?:отключ|отмен|закро|хотим|решили)', 'закройте', 'отключайте', 'отказываемся', 'добавить нечего', 'перемен', 'упрощ', 'меньше (?:приложений|подписок|сервисов)',
  ],
};

export const EVERYDAY: Record<'en' | 'fr' | 'ru', Everyday> = { en, fr, ru };
