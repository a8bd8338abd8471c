// ISO 3166-1 country codes (alpha-2 with alpha-3) and the common spellings sources use, as data for country.ts.

/** Every officially assigned ISO 3166-1 alpha-2 code with its alpha-3 code, plus XK/XKX (Kosovo, in common use). */
export const ISO_ALPHA2_ALPHA3 = `
AD AND AE ARE AF AFG AG ATG AI AIA AL ALB AM ARM AO AGO AQ ATA AR ARG AS ASM AT AUT AU AUS AW ABW AX ALA AZ AZE
BA BIH BB BRB BD BGD BE BEL BF BFA BG BGR BH BHR BI BDI BJ BEN BL BLM BM BMU BN BRN BO BOL BQ BES BR BRA BS BHS
BT BTN BV BVT BW BWA BY BLR BZ BLZ CA CAN CC CCK CD COD CF CAF CG COG CH CHE CI CIV CK COK CL CHL CM CMR CN CHN
CO COL CR CRI CU CUB CV CPV CW CUW CX CXR CY CYP CZ CZE DE DEU DJ DJI DK DNK DM DMA DO DOM DZ DZA EC ECU EE EST
EG EGY EH ESH ER ERI ES ESP ET ETH FI FIN FJ FJI FK FLK FM FSM FO FRO FR FRA GA GAB GB GBR GD GRD GE GEO GF GUF
GG GGY GH GHA GI GIB GL GRL GM GMB GN GIN GP GLP GQ GNQ GR GRC GS SGS GT GTM GU GUM GW GNB GY GUY HK HKG HM HMD
HN HND HR HRV HT HTI HU HUN ID IDN IE IRL IL ISR IM IMN IN IND IO IOT IQ IRQ IR IRN IS ISL IT ITA JE JEY JM JAM
JO JOR JP JPN KE KEN KG KGZ KH KHM KI KIR KM COM KN KNA KP PRK KR KOR KW KWT KY CYM KZ KAZ LA LAO LB LBN LC LCA
LI LIE LK LKA LR LBR LS LSO LT LTU LU LUX LV LVA LY LBY MA MAR MC MCO MD MDA ME MNE MF MAF MG MDG MH MHL MK MKD
ML MLI MM MMR MN MNG MO MAC MP MNP MQ MTQ MR MRT MS MSR MT MLT MU MUS MV MDV MW MWI MX MEX MY MYS MZ MOZ NA NAM
NC NCL NE NER NF NFK NG NGA NI NIC NL NLD NO NOR NP NPL NR NRU NU NIU NZ NZL OM OMN PA PAN PE PER PF PYF PG PNG
PH PHL PK PAK PL POL PM SPM PN PCN PR PRI PS PSE PT PRT PW PLW PY PRY QA QAT RE REU RO ROU RS SRB RU RUS RW RWA
SA SAU SB SLB SC SYC SD SDN SE SWE SG SGP SH SHN SI SVN SJ SJM SK SVK SL SLE SM SMR SN SEN SO SOM SR SUR SS SSD
ST STP SV SLV SX SXM SY SYR SZ SWZ TC TCA TD TCD TF ATF TG TGO TH THA TJ TJK TK TKL TL TLS TM TKM TN TUN TO TON
TR TUR TT TTO TV TUV TW TWN TZ TZA UA UKR UG UGA UM UMI US USA UY URY UZ UZB VA VAT VC VCT VE VEN VG VGB VI VIR
VN VNM VU VUT WF WLF WS WSM YE YEM YT MYT ZA ZAF ZM ZMB ZW ZWE XK XKX`;

/** Spellings not produced by the ISO codes or by Intl.DisplayNames (English and a few European languages). */
export const COUNTRY_ALIASES: Readonly<Record<string, readonly string[]>> = {
  US: ['U.S.A.', 'U.S.', 'United States of America', 'America', 'US of A', 'EEUU', 'EE.UU.'],
  GB: ['UK', 'U.K.', 'Great Britain', 'Britain', 'England', 'Scotland', 'Wales', 'Northern Ireland'],
  NL: ['Holland'],
  KR: ['South Korea', 'Korea', 'Republic of Korea', 'Korea, Republic of'],
  KP: ['North Korea', 'DPRK'],
  RU: ['Russia', 'Russian Federation'],
  IR: ['Iran', 'Islamic Republic of Iran'],
  VN: ['Viet Nam'],
  SY: ['Syria', 'Syrian Arab Republic'],
  LA: ['Laos', 'Lao PDR'],
  BO: ['Bolivia'],
  VE: ['Venezuela'],
  TZ: ['Tanzania'],
  MD: ['Moldova'],
  CZ: ['Czech Republic', 'Czechia'],
  TR: ['Turkey', 'Turkiye'],
  CI: ['Ivory Coast', "Cote d'Ivoire"],
  CV: ['Cape Verde', 'Cabo Verde'],
  SZ: ['Swaziland', 'Eswatini'],
  MK: ['Macedonia', 'North Macedonia'],
  CD: ['DR Congo', 'DRC', 'Democratic Republic of the Congo', 'Congo-Kinshasa'],
  CG: ['Republic of the Congo', 'Congo-Brazzaville', 'Congo'],
  MM: ['Burma', 'Myanmar'],
  HK: ['Hong Kong'],
  MO: ['Macau', 'Macao'],
  TW: ['Taiwan'],
  PS: ['Palestine'],
  VA: ['Vatican', 'Vatican City', 'Holy See'],
  BN: ['Brunei'],
  FM: ['Micronesia'],
  AE: ['UAE', 'U.A.E.'],
};

/** Locales whose Intl.DisplayNames region names are accepted (first wins when two locales disagree). */
export const NAME_LOCALES = ['en', 'fr', 'de', 'es', 'pt', 'it', 'nl'] as const;
