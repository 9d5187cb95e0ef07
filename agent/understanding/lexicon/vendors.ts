// Well-known software vendors customers of small and mid-size businesses name when they compare or
// leave, in the three markets Tenure serves. A vendor on this list is recognised when written in
// lower case ("switching to zendesk") and, in Russian, under its case endings ("из Контура", "в
// Мегаплане"): it is still only a competitor after a cue, before one, or in a turn about vendors
// (competitor.ts). Public product names only; written as they are usually spelled.

export const VENDORS: readonly string[] = [
  // international
  'Salesforce', 'HubSpot', 'Pipedrive', 'Zoho', 'Freshdesk', 'Freshworks', 'Zendesk', 'Intercom', 'Help Scout', 'Gorgias', 'Front', 'Monday', 'Asana', 'Trello',
  'ClickUp', 'Notion', 'Airtable', 'Jira', 'Basecamp', 'Wrike', 'Smartsheet', 'Teamwork', 'Slack', 'Calendly', 'Acuity', 'Mailchimp', 'Klaviyo', 'ActiveCampaign',
  'Brevo', 'Sendinblue', 'Lemlist', 'Xero', 'QuickBooks', 'FreshBooks', 'Sage', 'Odoo', 'NetSuite', 'Shopify', 'Stripe', 'Gusto', 'Deel', 'Typeform', 'SurveyMonkey',
  'Qualtrics', 'Gong', 'Outreach', 'Close', 'Copper', 'Keap', 'Insightly', 'Capsule', 'Harvest', 'Toggl', 'Clockify', 'Zapier', 'Make', 'Canva', 'Figma', 'Miro',
  'Dropbox', 'Box', 'DocuSign', 'PandaDoc', 'Gorgias', 'Tidio', 'Crisp', 'Aircall', 'Ringover', 'Dialpad', 'Twilio', 'Square', 'Lightspeed', 'Mindbody', 'Jobber',
  'ServiceTitan', 'Housecall Pro', 'Bitrix24', 'amoCRM', 'Kommo', 'Agile CRM',
  // French market
  'Sellsy', 'Axonaut', 'Pennylane', 'Qonto', 'Payfit', 'Agicap', 'Doctolib', 'Lucca', 'Cegid', 'Silae', 'Ebp', 'Tiime', 'Indy', 'Planity', 'Alan', 'Swile', 'Spendesk',
  'Malt', 'Welcome to the Jungle', 'Diabolocom', 'Aircall', 'Karlia', 'Incwo', 'Noctis', 'Evoliz', 'Facture.net',
  // Russian market
  'Битрикс24', 'Битрикс', 'амоCRM', 'Мегаплан', 'Планфикс', 'Контур', 'СБИС', 'Тензор', '1С', 'МойСклад', 'Мой Склад', 'Эвотор', 'YCLIENTS', 'Юздеск', 'Usedesk',
  'Omnidesk', 'Jivo', 'Живосайт', 'Пачка', 'Unisender', 'Юнисендер', 'Sendpulse', 'Яндекс 360', 'Яндекс Трекер', 'Тинькофф', 'Т-Банк', 'Сбер', 'СберБизнес', 'Точка',
  'Модульбанк', 'Эльба', 'Диадок', 'Pyrus', 'Kaiten', 'Weeek', 'Аспро', 'RetailCRM', 'Envybox', 'Calltouch', 'Roistat', 'Манго', 'Mango Office', 'Тильда', 'Tilda',
];
