// One IANA time zone per country (ISO 3166 alpha-2, every country libphonenumber-js knows except
// the United States and Canada). Read by `timeZoneForPhone` when the number's area code is not in
// `zones-by-area-code.ts`.
//
// For a single-zone country this is simply its zone. For a country spanning several zones it is the
// documented default, the zone of most of its people:
//   AR Buenos Aires · AU Sydney (mobiles, 13/1300/1800; landlines by area code) · BR São Paulo
//   (unlisted DDDs) · CD Kinshasa (the east is one hour ahead) · CL Santiago (not Easter Island or
//   Magallanes) · CN Shanghai (the whole country keeps Beijing time) · EC Guayaquil (not Galápagos)
//   · ES Madrid (Canaries by area code) · FM Pohnpei (the capital; Chuuk and Yap are an hour behind,
//   Kosrae level) · GL Nuuk · ID Jakarta (mobiles; big eastern cities by area code) · KI Tarawa
//   · KZ Almaty (one zone since March 2024) · MN Ulaanbaatar · MX Mexico City (border and Pacific
//   cities by area code) · MY Kuala Lumpur (Sabah and Sarawak share its offset) · NZ Auckland (not
//   the Chathams) · PF Tahiti · PG Port Moresby (not Bougainville) · PT Lisbon (Azores by area code)
//   · RU Moscow (mobiles, 9XX, say nothing about the region; landlines by ABC code) · UA Kyiv.
// Kosovo (XK) has no zone of its own in the IANA database, which files it under Europe/Belgrade.
// Non-geographic numbers (+800, +808, +870, +881-883, +888, +979) belong to no country: no zone.

export const ZONES_BY_COUNTRY: Readonly<Record<string, string>> = {
  // Europe
  AD: 'Europe/Andorra', AL: 'Europe/Tirane', AT: 'Europe/Vienna', AX: 'Europe/Mariehamn', BA: 'Europe/Sarajevo',
  BE: 'Europe/Brussels', BG: 'Europe/Sofia', BY: 'Europe/Minsk', CH: 'Europe/Zurich', CY: 'Asia/Nicosia',
  CZ: 'Europe/Prague', DE: 'Europe/Berlin', DK: 'Europe/Copenhagen', EE: 'Europe/Tallinn', ES: 'Europe/Madrid',
  FI: 'Europe/Helsinki', FO: 'Atlantic/Faroe', FR: 'Europe/Paris', GB: 'Europe/London', GG: 'Europe/Guernsey',
  GI: 'Europe/Gibraltar', GR: 'Europe/Athens', HR: 'Europe/Zagreb', HU: 'Europe/Budapest', IE: 'Europe/Dublin',
  IM: 'Europe/Isle_of_Man', IS: 'Atlantic/Reykjavik', IT: 'Europe/Rome', JE: 'Europe/Jersey', LI: 'Europe/Vaduz',
  LT: 'Europe/Vilnius', LU: 'Europe/Luxembourg', LV: 'Europe/Riga', MC: 'Europe/Monaco', MD: 'Europe/Chisinau',
  ME: 'Europe/Podgorica', MK: 'Europe/Skopje', MT: 'Europe/Malta', NL: 'Europe/Amsterdam', NO: 'Europe/Oslo',
  PL: 'Europe/Warsaw', PT: 'Europe/Lisbon', RO: 'Europe/Bucharest', RS: 'Europe/Belgrade', RU: 'Europe/Moscow',
  SE: 'Europe/Stockholm', SI: 'Europe/Ljubljana', SJ: 'Arctic/Longyearbyen', SK: 'Europe/Bratislava',
  SM: 'Europe/San_Marino', TR: 'Europe/Istanbul', UA: 'Europe/Kyiv', VA: 'Europe/Vatican', XK: 'Europe/Belgrade',
  // Middle East, Caucasus, Central Asia
  AE: 'Asia/Dubai', AM: 'Asia/Yerevan', AZ: 'Asia/Baku', BH: 'Asia/Bahrain', GE: 'Asia/Tbilisi', IL: 'Asia/Jerusalem',
  IQ: 'Asia/Baghdad', IR: 'Asia/Tehran', JO: 'Asia/Amman', KG: 'Asia/Bishkek', KW: 'Asia/Kuwait', KZ: 'Asia/Almaty',
  LB: 'Asia/Beirut', OM: 'Asia/Muscat', PS: 'Asia/Hebron', QA: 'Asia/Qatar', SA: 'Asia/Riyadh', SY: 'Asia/Damascus',
  TJ: 'Asia/Dushanbe', TM: 'Asia/Ashgabat', UZ: 'Asia/Tashkent', YE: 'Asia/Aden',
  // South and East Asia
  AF: 'Asia/Kabul', BD: 'Asia/Dhaka', BN: 'Asia/Brunei', BT: 'Asia/Thimphu', CN: 'Asia/Shanghai', HK: 'Asia/Hong_Kong',
  ID: 'Asia/Jakarta', IN: 'Asia/Kolkata', JP: 'Asia/Tokyo', KH: 'Asia/Phnom_Penh', KP: 'Asia/Pyongyang',
  KR: 'Asia/Seoul', LA: 'Asia/Vientiane', LK: 'Asia/Colombo', MM: 'Asia/Yangon', MN: 'Asia/Ulaanbaatar',
  MO: 'Asia/Macau', MV: 'Indian/Maldives', MY: 'Asia/Kuala_Lumpur', NP: 'Asia/Kathmandu', PH: 'Asia/Manila',
  PK: 'Asia/Karachi', SG: 'Asia/Singapore', TH: 'Asia/Bangkok', TL: 'Asia/Dili', TW: 'Asia/Taipei',
  VN: 'Asia/Ho_Chi_Minh',
  // Africa and the Indian Ocean
  AO: 'Africa/Luanda', BF: 'Africa/Ouagadougou', BI: 'Africa/Bujumbura', BJ: 'Africa/Porto-Novo', BW: 'Africa/Gaborone',
  CD: 'Africa/Kinshasa', CF: 'Africa/Bangui', CG: 'Africa/Brazzaville', CI: 'Africa/Abidjan', CM: 'Africa/Douala',
  CV: 'Atlantic/Cape_Verde', DJ: 'Africa/Djibouti', DZ: 'Africa/Algiers', EG: 'Africa/Cairo', EH: 'Africa/El_Aaiun',
  ER: 'Africa/Asmara', ET: 'Africa/Addis_Ababa', GA: 'Africa/Libreville', GH: 'Africa/Accra', GM: 'Africa/Banjul',
  GN: 'Africa/Conakry', GQ: 'Africa/Malabo', GW: 'Africa/Bissau', IO: 'Indian/Chagos', KE: 'Africa/Nairobi',
  KM: 'Indian/Comoro', LR: 'Africa/Monrovia', LS: 'Africa/Maseru', LY: 'Africa/Tripoli', MA: 'Africa/Casablanca',
  MG: 'Indian/Antananarivo', ML: 'Africa/Bamako', MR: 'Africa/Nouakchott', MU: 'Indian/Mauritius', MW: 'Africa/Blantyre',
  MZ: 'Africa/Maputo', NA: 'Africa/Windhoek', NE: 'Africa/Niamey', NG: 'Africa/Lagos', RE: 'Indian/Reunion',
  RW: 'Africa/Kigali', SC: 'Indian/Mahe', SD: 'Africa/Khartoum', SL: 'Africa/Freetown', SN: 'Africa/Dakar',
  SO: 'Africa/Mogadishu', SS: 'Africa/Juba', ST: 'Africa/Sao_Tome', SZ: 'Africa/Mbabane', TD: 'Africa/Ndjamena',
  TG: 'Africa/Lome', TN: 'Africa/Tunis', TZ: 'Africa/Dar_es_Salaam', UG: 'Africa/Kampala', YT: 'Indian/Mayotte',
  ZA: 'Africa/Johannesburg', ZM: 'Africa/Lusaka', ZW: 'Africa/Harare',
  // Atlantic
  AC: 'Atlantic/St_Helena', BM: 'Atlantic/Bermuda', FK: 'Atlantic/Stanley', SH: 'Atlantic/St_Helena',
  TA: 'Atlantic/St_Helena',
  // Americas (the United States and Canada are by area code only)
  AG: 'America/Antigua', AI: 'America/Anguilla', AR: 'America/Argentina/Buenos_Aires', AW: 'America/Aruba',
  BB: 'America/Barbados', BL: 'America/St_Barthelemy', BO: 'America/La_Paz', BQ: 'America/Kralendijk',
  BR: 'America/Sao_Paulo', BS: 'America/Nassau', BZ: 'America/Belize', CL: 'America/Santiago', CO: 'America/Bogota',
  CR: 'America/Costa_Rica', CU: 'America/Havana', CW: 'America/Curacao', DM: 'America/Dominica',
  DO: 'America/Santo_Domingo', EC: 'America/Guayaquil', GD: 'America/Grenada', GF: 'America/Cayenne',
  GL: 'America/Nuuk', GP: 'America/Guadeloupe', GT: 'America/Guatemala', GY: 'America/Guyana',
  HN: 'America/Tegucigalpa', HT: 'America/Port-au-Prince', JM: 'America/Jamaica', KN: 'America/St_Kitts',
  KY: 'America/Cayman', LC: 'America/St_Lucia', MF: 'America/Marigot', MQ: 'America/Martinique',
  MS: 'America/Montserrat', MX: 'America/Mexico_City', NI: 'America/Managua', PA: 'America/Panama', PE: 'America/Lima',
  PM: 'America/Miquelon', PR: 'America/Puerto_Rico', PY: 'America/Asuncion', SR: 'America/Paramaribo',
  SV: 'America/El_Salvador', SX: 'America/Lower_Princes', TC: 'America/Grand_Turk', TT: 'America/Port_of_Spain',
  UY: 'America/Montevideo', VC: 'America/St_Vincent', VE: 'America/Caracas', VG: 'America/Tortola',
  VI: 'America/St_Thomas',
  // Oceania
  AS: 'Pacific/Pago_Pago', AU: 'Australia/Sydney', CC: 'Indian/Cocos', CK: 'Pacific/Rarotonga', CX: 'Indian/Christmas',
  FJ: 'Pacific/Fiji', FM: 'Pacific/Pohnpei', GU: 'Pacific/Guam', KI: 'Pacific/Tarawa', MH: 'Pacific/Majuro',
  MP: 'Pacific/Saipan', NC: 'Pacific/Noumea', NF: 'Pacific/Norfolk', NR: 'Pacific/Nauru', NU: 'Pacific/Niue',
  NZ: 'Pacific/Auckland', PF: 'Pacific/Tahiti', PG: 'Pacific/Port_Moresby', PW: 'Pacific/Palau',
  SB: 'Pacific/Guadalcanal', TK: 'Pacific/Fakaofo', TO: 'Pacific/Tongatapu', TV: 'Pacific/Funafuti',
  VU: 'Pacific/Efate', WF: 'Pacific/Wallis', WS: 'Pacific/Apia',
};
