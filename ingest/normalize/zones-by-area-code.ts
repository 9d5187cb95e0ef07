// Time zones by area code, for the countries that span several zones. Read by `timeZoneForPhone`.
//
// Each table maps an IANA zone to the prefixes of the *national* number (E.164 without the country
// code) that lie in it; the longest matching prefix wins. A number matching no prefix falls back to
// the country's zone in `zones-by-country.ts` (documented there for each multi-zone country), except
// in the United States and Canada, where it gets no zone at all (see NANP below).
//
// Where an area code straddles a zone line, it goes to the zone where most of its people live and a
// comment says so. Zones are named after the largest city of the region whose *current* rules they
// share (Indiana's Eastern-time counties follow New York's rules, so they get America/New_York).

/**
 * North American Numbering Plan, United States and Canada: every geographic area code in use
 * (overlays included), 3 digits. NANP mobile numbers are geographic too: they keep the area code of
 * the place where they were issued, so they get its zone (a number kept after a move keeps its old
 * zone; an explicit `time_zone` on the contact always wins). Non-geographic codes (toll-free
 * 800/833/844/855/866/877/888, premium 900, personal 5XX, Canadian 600/622/633) and codes not listed
 * here (such as the Canadian 273, not yet placed) give no zone: `timeZoneForPhone` returns null
 * rather than guess. Other NANP countries (Puerto Rico, Jamaica, …) are single-zone: see the
 * country table.
 */
const NANP: Record<string, readonly string[]> = {
  // United States
  'America/New_York': [
    '203', '475', '860', '959', // CT
    '302', // DE
    '202', '771', // DC
    '239', '305', '321', '324', '352', '386', '407', '561', '645', '656', '689', '727', '728', '754', '772', '786', '813', '863', '904', '941', '954', // FL peninsula
    '229', '404', '470', '478', '678', '706', '762', '770', '912', '943', // GA
    '260', '317', '463', '574', '765', // IN (Eastern-time counties)
    '812', '930', // IN south: Evansville's corner is Central, most of the area (Bloomington, Columbus, Louisville suburbs) Eastern
    '502', '606', '859', // KY east
    '207', // ME
    '227', '240', '301', '410', '443', '667', // MD
    '339', '351', '413', '508', '617', '774', '781', '857', '978', // MA
    '231', '248', '269', '313', '517', '586', '616', '734', '810', '947', '989', // MI
    '906', // MI Upper Peninsula: four counties on the Wisconsin line are Central, most people Eastern
    '603', // NH
    '201', '551', '609', '640', '732', '848', '856', '862', '908', '973', // NJ
    '212', '315', '329', '332', '347', '363', '516', '518', '585', '607', '631', '646', '680', '716', '718', '838', '845', '914', '917', '929', '934', // NY
    '252', '336', '472', '704', '743', '828', '910', '919', '980', '984', // NC
    '216', '220', '234', '283', '326', '330', '380', '419', '440', '513', '567', '614', '740', '937', // OH
    '215', '223', '267', '272', '412', '445', '484', '570', '582', '610', '717', '724', '814', '835', '878', // PA
    '401', // RI
    '803', '821', '839', '843', '854', '864', // SC
    '423', '865', // TN east (Chattanooga, Knoxville, Tri-Cities)
    '802', // VT
    '276', '434', '540', '571', '686', '703', '757', '804', '826', '948', // VA
    '304', '681', // WV
  ],
  'America/Chicago': [
    '205', '251', '256', '334', '659', '938', // AL
    '327', '479', '501', '870', // AR
    '448', '850', // FL Panhandle: Tallahassee is Eastern, but Pensacola, Fort Walton Beach and Panama City (the majority) are Central
    '217', '224', '309', '312', '331', '447', '464', '618', '630', '708', '730', '773', '779', '815', '847', '872', // IL
    '219', // IN northwest (Gary, Hammond)
    '319', '515', '563', '641', '712', // IA
    '316', '620', '785', '913', // KS (four western counties are Mountain)
    '270', '364', // KY west: Bowling Green, Owensboro, Paducah are Central; Elizabethtown's corner is Eastern
    '225', '318', '337', '504', '985', // LA
    '218', '320', '507', '612', '651', '763', '952', // MN
    '228', '601', '662', '769', // MS
    '235', '314', '417', '557', '573', '636', '660', '816', '975', // MO
    '308', '402', '531', // NE (308: the Panhandle is Mountain, most of the area Central)
    '701', // ND (the southwest is Mountain)
    '405', '539', '572', '580', '918', // OK
    '605', // SD: west of the Missouri (Rapid City) is Mountain, most people Central
    '615', '629', '731', '901', '931', // TN middle and west
    '210', '214', '254', '281', '325', '346', '361', '409', '430', '432', '469', '512', '682', '713', '726', '737', '806', '817', '830', '832', '903', '936', '940', '945', '956', '972', '979', // TX
    '262', '274', '353', '414', '534', '608', '715', '920', // WI
  ],
  'America/Denver': [
    '303', '719', '720', '748', '970', '983', // CO
    '208', '986', // ID: the northern panhandle (Coeur d'Alene) is Pacific, most people (Boise) Mountain
    '406', // MT
    '505', '575', // NM
    '385', '435', '801', // UT
    '307', // WY
    '915', // TX El Paso
  ],
  'America/Phoenix': ['480', '520', '602', '623', '928'], // AZ, no daylight saving (the Navajo Nation, which keeps it, is a minority)
  'America/Los_Angeles': [
    '209', '213', '279', '310', '323', '341', '350', '369', '408', '415', '424', '442', '510', '530', '559', '562', '619', '626', '628', '650', '657', '661', '669', '707', '714', '738', '747', '760', '805', '818', '820', '831', '840', '858', '909', '916', '925', '949', '951', // CA
    '702', '725', '775', // NV
    '458', '503', '541', '971', // OR (541: Malheur County is Mountain)
    '206', '253', '360', '425', '509', '564', // WA
  ],
  'America/Anchorage': ['907'], // AK: the western Aleutians (America/Adak) hold a few thousand people
  'Pacific/Honolulu': ['808'], // HI
  // Canada
  'America/Toronto': [
    '226', '249', '289', '343', '365', '382', '416', '437', '519', '548', '613', '647', '683', '705', '742', '753', '905', '942', // ON
    '807', // ON northwest: Thunder Bay is Eastern, Kenora's smaller district Central
    '263', '354', '367', '418', '438', '450', '468', '514', '579', '581', '819', '873', // QC
  ],
  'America/Winnipeg': ['204', '431', '584'], // MB
  'America/Regina': ['306', '474', '639'], // SK, no daylight saving (Lloydminster keeps Alberta's time)
  'America/Edmonton': ['368', '403', '587', '780', '825'], // AB
  'America/Vancouver': ['236', '250', '257', '604', '672', '778'], // BC (250: the East Kootenays and the Peace River keep Mountain time, most people Pacific)
  'America/Halifax': ['782', '902'], // NS, PE
  'America/Moncton': ['428', '506'], // NB
  'America/St_Johns': ['709', '879'], // NL: Labrador is mostly Atlantic, but nine in ten people live on the island
  'America/Whitehorse': ['867'], // YT, NT, NU: three territories of about 40,000 people each; Yukon is the largest (UTC-7 all year)
};

/**
 * Russia: ABC (geographic) codes, 3 digits (4 where a city has its own). Mobile numbers (9XX) say
 * nothing about the region, so they match no prefix and get the country's zone, Europe/Moscow.
 * Kazakhstan shares +7 but is told apart by libphonenumber and has its own country zone.
 */
const RU: Record<string, readonly string[]> = {
  'Europe/Kaliningrad': ['401'],
  'Europe/Moscow': [
    '495', '496', '498', '499', // Moscow and its oblast
    '811', '812', '813', '814', '815', '816', '817', '818', '820', '821', // north-west: Pskov, St Petersburg, Leningrad oblast, Karelia, Murmansk, Novgorod, Vologda, Arkhangelsk, Cherepovets, Komi
    '831', '834', '835', '836', '843', '855', // Volga: Nizhny Novgorod, Mordovia, Chuvashia, Mari El, Tatarstan (Kazan, Naberezhnye Chelny)
    '471', '472', '473', '474', '475', '481', '482', '483', '484', '485', '486', '487', '491', '492', '493', '494', // central: Kursk … Kostroma
    '847', '861', '862', '863', '865', '866', '867', '871', '872', '873', '877', '878', '879', // south: Kalmykia, Krasnodar, Sochi, Rostov, Stavropol, North Caucasus
  ],
  'Europe/Volgograd': ['844'],
  'Europe/Kirov': ['833'],
  'Europe/Samara': ['846', '848', '341'], // Samara, Tolyatti, Udmurtia (Izhevsk)
  'Europe/Ulyanovsk': ['842'],
  'Europe/Saratov': ['845'],
  'Europe/Astrakhan': ['851'],
  'Asia/Yekaterinburg': ['342', '343', '345', '346', '347', '349', '351', '352', '353'], // Perm, Yekaterinburg, Tyumen, Khanty-Mansi, Ufa, Yamal, Chelyabinsk, Kurgan, Orenburg
  'Asia/Omsk': ['381'],
  'Asia/Novosibirsk': ['383'],
  'Asia/Tomsk': ['382'],
  'Asia/Barnaul': ['385', '388'], // Altai Krai, Altai Republic
  'Asia/Novokuznetsk': ['384'], // Kemerovo oblast
  'Asia/Krasnoyarsk': ['390', '391', '394'], // Khakassia, Krasnoyarsk, Tuva
  'Asia/Irkutsk': ['395', '301'], // Irkutsk (3952), Buryatia
  'Asia/Chita': ['302'],
  'Asia/Yakutsk': ['411', '416'], // Sakha (most of it), Amur
  'Asia/Vladivostok': ['421', '423', '426'], // Khabarovsk, Primorye, Jewish AO
  'Asia/Sakhalin': ['424'],
  'Asia/Magadan': ['413'],
  'Asia/Kamchatka': ['415'],
  'Asia/Anadyr': ['427'],
};

/**
 * Australia: the one-digit area code, refined inside 08 (which spans three zones) and 03. Mobiles
 * (04) and national numbers (13, 1300, 1800) match nothing and get Australia/Sydney.
 */
const AU: Record<string, readonly string[]> = {
  'Australia/Sydney': ['2'], // NSW, ACT
  'Australia/Melbourne': ['3'], // VIC
  'Australia/Hobart': ['36'], // TAS (03 6xxx)
  'Australia/Brisbane': ['7'], // QLD, no daylight saving
  'Australia/Perth': ['86', '89'], // WA (08 6xxx, 08 9xxx)
  'Australia/Adelaide': ['87', '88'], // SA (08 7xxx, 08 8xxx)
  'Australia/Darwin': ['889'], // NT (08 89xx)
  'Australia/Broken_Hill': ['880'], // far-west NSW, on South Australian time
};

/** Brazil: the two-digit DDD, which mobiles keep too. Unlisted DDDs get America/Sao_Paulo. */
const BR: Record<string, readonly string[]> = {
  'America/Sao_Paulo': [
    '11', '12', '13', '14', '15', '16', '17', '18', '19', '21', '22', '24', '27', '28', // SP, RJ, ES
    '31', '32', '33', '34', '35', '37', '38', '41', '42', '43', '44', '45', '46', '47', '48', '49', // MG, PR, SC
    '51', '53', '54', '55', '61', '62', '64', // RS, DF, GO
  ],
  'America/Bahia': ['71', '73', '74', '75', '77'],
  'America/Maceio': ['79', '82'], // SE, AL
  'America/Recife': ['81', '87'], // PE (Fernando de Noronha, in 81, has a few thousand people)
  'America/Fortaleza': ['83', '84', '85', '86', '88', '89', '98', '99'], // PB, RN, CE, PI, MA
  'America/Belem': ['91', '93', '94', '96'], // PA, AP
  'America/Araguaina': ['63'], // TO
  'America/Campo_Grande': ['67'], // MS
  'America/Cuiaba': ['65', '66'], // MT
  'America/Porto_Velho': ['69'], // RO
  'America/Manaus': ['92', '97'], // AM (97: the far west is UTC-5, most people Manaus time)
  'America/Boa_Vista': ['95'], // RR
  'America/Rio_Branco': ['68'], // AC
};

/** Mexico: the main cities outside Central time; every other area code gets America/Mexico_City. */
const MX: Record<string, readonly string[]> = {
  'America/Tijuana': ['646', '661', '664', '665', '686'], // Baja California
  'America/Hermosillo': ['622', '631', '642', '644', '653', '662'], // Sonora
  'America/Mazatlan': ['311', '612', '624', '667', '668', '669'], // Nayarit, Baja California Sur, Sinaloa
  'America/Chihuahua': ['614', '625', '627', '639'], // Chihuahua state (Central time since 2022)
  'America/Ciudad_Juarez': ['656'],
  'America/Monterrey': ['81', '844'], // Monterrey, Saltillo
  'America/Matamoros': ['867', '868', '877', '878', '899'], // Nuevo Laredo, Matamoros, Acuña, Piedras Negras, Reynosa: border strip on US daylight saving
  'America/Cancun': ['983', '984', '987', '998'], // Quintana Roo
};

/** Indonesia: a few big cities outside western time; everything else (mobiles included) is Asia/Jakarta. */
const ID: Record<string, readonly string[]> = {
  'Asia/Pontianak': ['561', '536'], // West and Central Kalimantan (same offset as Jakarta)
  'Asia/Makassar': ['361', '370', '380', '401', '411', '431', '451', '511', '541', '542'], // Bali, Lombok, Kupang, Sulawesi, South/East Kalimantan
  'Asia/Jayapura': ['901', '911', '921', '951', '967'], // Timika, Ambon, Ternate, Sorong, Jayapura
};

/** Spain: the Canary Islands; the rest (and every mobile) is Europe/Madrid. */
const ES: Record<string, readonly string[]> = { 'Atlantic/Canary': ['822', '828', '922', '928'] };

/** Portugal: the Azores and Madeira; the rest is Europe/Lisbon. */
const PT: Record<string, readonly string[]> = { 'Atlantic/Azores': ['292', '295', '296'], 'Atlantic/Madeira': ['291'] };

/** Country (ISO 3166 alpha-2, as libphonenumber-js reports it) → zone → national-number prefixes. */
export const ZONES_BY_AREA_CODE: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  US: NANP,
  CA: NANP,
  RU,
  AU,
  BR,
  MX,
  ID,
  ES,
  PT,
};
