//! Built-in vocabulary of a comune's services.
//!
//! Two lists, both general (they describe how people name the services of any Italian comune,
//! not the texts of one knowledge base):
//! - `THESAURUS`: groups of Italian words and phrases that mean the same thing to a citizen,
//!   colloquial, dialect and bureaucratic forms together (`spazzatura` ⇄ `rifiuti`).
//!   Every member expands to the others.
//! - `GLOSSARY`: English → Italian, for foreign residents. One-way: an English word in a query
//!   adds the Italian terms an office would use.

/// One group per line, members separated by commas.
pub const THESAURUS: &str = "
rifiuti, spazzatura, immondizia, pattume, rusco, rumenta, monnezza, mondezza, scoasse, sporcizia
tari, tassa rifiuti, tassa spazzatura, tassa immondizia, tariffa rifiuti
imu, imposta municipale, tassa casa, ici
carta d'identità, cie, documento d'identità, carta identità elettronica, documento di riconoscimento
multa, contravvenzione, sanzione, verbale
macchina, auto, automobile, autovettura, veicolo, vettura
furgone, autocarro, veicolo commerciale
motorino, ciclomotore, scooter
affitto, locazione, canone di locazione, pigione
casa popolare, case popolari, alloggio popolare, edilizia residenziale pubblica, erp, alloggi erp
padrone di casa, proprietario, locatore
inquilino, affittuario, conduttore
sfratto, morosità, escomio
soldi, contributo, sussidio, aiuto economico, sostegno economico, contributi economici
anziano, anziani, terza età, over 65
casa di riposo, rsa, ospizio, residenza sanitaria assistenziale, ricovero
badante, assistente familiare, assistenza domiciliare
disabile, disabili, invalido, invalidi, portatore di handicap, handicap, disabilità, invalidità
pass invalidi, contrassegno disabili, tagliando disabili, cude, contrassegno invalidi, permesso disabili
parcheggio, sosta, posteggio, stallo
passo carrabile, passo carraio, accesso carraio
carro attrezzi, rimozione forzata, auto rimossa, depositeria
vigili, vigili urbani, polizia locale, polizia municipale
autovelox, velox, rilevatore di velocità
ztl, zona a traffico limitato, centro storico, varchi
buca, buche, avvallamento, dissesto, asfalto rotto
lampione, illuminazione pubblica, luce pubblica, punto luce
matrimonio, nozze, sposarsi, sposare, rito civile
funerale, decesso, morte, defunto, lutto
cimitero, camposanto
lucina, lampada votiva, luce votiva
loculo, tomba, sepoltura, fossa
testamento biologico, dat, disposizioni anticipate di trattamento, biotestamento
residenza, domicilio, dimora abituale
trasloco, cambio di indirizzo, cambio indirizzo, cambio di residenza, variazione di indirizzo, cambiare casa, spostarsi, mi sposto
stato di famiglia, foglio di famiglia, certificato di famiglia, composizione del nucleo familiare
libretto di circolazione, libretto della macchina, carta di circolazione
patente, patente di guida
bollo, marca da bollo
codice fiscale, tessera sanitaria
anagrafe, ufficio anagrafe, servizi demografici
stato civile, ufficio di stato civile
spid, identità digitale
pec, posta certificata, posta elettronica certificata
isee, attestazione isee, dichiarazione isee
acqua, servizio idrico, bolletta dell'acqua
fognatura, scarichi, allaccio fognario
condominio, amministratore di condominio
cane, cani, animali domestici, anagrafe canina, microchip
matrimonio civile, sposarsi in comune
certificato, certificazione, attestato
autocertificazione, dichiarazione sostitutiva
firma, autentica, autenticazione di firma
neonato, bambino appena nato, nascita
bambino, bambini, minore, minorenne, minori, ragazzi
scuolabus, pulmino, corriera, trasporto scolastico
dieta religiosa, halal, kosher, senza maiale
mensa, refezione scolastica, pranzo a scuola, pasti scolastici
asilo nido, nido, asilo
doposcuola, post-scuola, post scuola, aiuto compiti
centri estivi, centro estivo, grest, campo estivo, estate ragazzi
libri di testo, libri scolastici, cedola libraria, testi scolastici
negozio, bottega, esercizio di vicinato, attività commerciale
bar, ristorante, pubblico esercizio, locale
dehors, plateatico, tavolini all'aperto
bancarella, ambulante, posteggio mercato, commercio ambulante
sagra, festa, manifestazione, evento
b&b, bed and breakfast, affittacamere, casa vacanze, affitti brevi
ristrutturazione, lavori in casa, manutenzione straordinaria
licenza edilizia, concessione edilizia, permesso di costruire, titolo edilizio
abitabilità, agibilità
condono, sanatoria
terreno, terreni, particella, lotto
ingombranti, mobili vecchi, rifiuti ingombranti
isola ecologica, ecocentro, centro di raccolta, discarica
amianto, eternit, fibrocemento
albero, alberi, pianta, piante
taglio, abbattimento, potatura
reclamo, lamentela, protesta, segnalazione, disservizio
accesso agli atti, copia documenti, visione atti
foia, accesso civico
elezioni, voto, votazioni, votare, seggio
tessera elettorale, certificato elettorale
scrutatore, scrutatori
presidente di seggio, capo del seggio
palestra, impianto sportivo, campo sportivo
sala, salone, spazio comunale
biblioteca, prestito libri
assistente sociale, servizi sociali
bolletta, bollette, utenze
comune, municipio, palazzo comunale
pagare, pagamento, versamento, saldare
rate, rateizzazione, dilazione, a rate
rimborso, restituzione
sconto, riduzione, agevolazione, esenzione
denuncia, querela
smarrimento, perdita, perso, persa, smarrito
furto, rubato, rubata
scadenza, scaduto, scaduta
rinnovo, rinnovare
duplicato, copia
permesso di soggiorno, titolo di soggiorno
straniero, stranieri, cittadino straniero, extracomunitario
";

/// One entry per line: English words or phrases (`|`-separated) `=>` Italian terms
/// (`;`-separated).
pub const GLOSSARY: &str = "
identity card | id card | id | identity document | ID document => carta d'identità; cie; documento di riconoscimento
passport => passaporto; espatrio
travel document | valid for travel => espatrio; documento valido per l'espatrio
lost | lose | lost card | missing => smarrimento; smarrito
stolen | theft => furto; denuncia
renew | renewal | expired | expiring | expire => rinnovo; scadenza
duplicate | replacement | replace => duplicato; sostituzione
minor | child | children | kid | kids | son | daughter | baby | babies | newborn => minori; bambini; figli; neonato
parent | parents | father | mother | consent => genitori; assenso
residence | registration | register | registering | residency => residenza; iscrizione anagrafica
move | moving | relocate | new address | change of address => trasferimento di residenza; cambio di indirizzo; trasloco
abroad | emigrate | living abroad => estero; aire
certificate => certificato
family status | household => stato di famiglia
proof of life | life certificate => esistenza in vita
pension => pensione
signature | sign | notarize | authenticate | certified copy => autentica firma; autenticazione; copia conforme
birth | born => nascita
birth certificate => atto di nascita; certificato di nascita
marriage | marry | married | wedding | get married => matrimonio; nozze
civil union | partnership => unione civile
death | died | dead | deceased | funeral => decesso; morte; funerale
living will | advance directive | end of life => testamento biologico; dat; disposizioni anticipate di trattamento
vote | voting | voter | election | elections | polling station => elezioni; voto; seggio
voter card | voting card | electoral card | polling card => tessera elettorale
poll worker | scrutineer => scrutatore
tax | taxes => tributi; imposta; tassa
property tax | house tax | home tax => imu
waste tax | garbage tax | rubbish tax | trash tax | bin tax => tari; tassa rifiuti
pay | payment | paying | bill => pagamento; pagare; avviso di pagamento
installments | instalments | installment | instalment | payment plan => rateizzazione; rate; dilazione
refund => rimborso
discount | reduction | exemption | relief => riduzione; agevolazione; esenzione
waste | garbage | rubbish | trash | litter | bin | bins => rifiuti; spazzatura
recycling | recycle | separate collection | collection day | pickup => raccolta differenziata; calendario raccolta
bulky waste | furniture | sofa | mattress | appliance | fridge => ingombranti; mobili; elettrodomestici
dumped | dumping | fly tipping | abandoned => abbandonati; abbandono; discarica abusiva
recycling centre | recycling center | dump | tip => centro di raccolta; isola ecologica
compost | composting => compostaggio
asbestos => amianto; eternit
tree | trees | cut down | prune | pruning => alberi; abbattimento; potatura
park | garden | green area => parco; giardini; area verde
street light | streetlight | street lamp | lamp post => illuminazione pubblica; lampione
pothole | potholes | road damage | pavement | sidewalk => buche; strade; marciapiede
road | street => strada
dig | digging | excavation | roadworks => scavi; manomissione suolo pubblico
car | vehicle | cars | vehicles => auto; veicolo; veicoli
towed | tow | towing | towed away | car removed => rimozione; veicoli rimossi; carro attrezzi; depositeria
parking => parcheggio; sosta
parking permit | parking pass | resident permit => permesso sosta; permesso di transito e sosta; ztl
disabled | disability | handicapped | wheelchair => disabilità; disabili; invalidi
disabled parking | blue badge | disabled badge | disabled permit => contrassegno disabili; cude
driveway | garage entrance | driveway sign => passo carrabile
restricted traffic zone | limited traffic zone | traffic zone | old town | city centre | city center => ztl; zona a traffico limitato; centro storico
fine | ticket | speeding ticket | traffic fine | parking ticket => multa; sanzione; verbale
appeal | contest | dispute | challenge => ricorso; opposizione
speed camera => autovelox
driver | driving licence | driving license | license points | licence points => conducente; patente; punti patente
accident | crash | car accident => incidente stradale; sinistro
police report | accident report => rapporto di incidente; verbale incidente
police | traffic police | local police => polizia locale
lost and found | lost property | found => oggetti smarriti; oggetti ritrovati
housing | house | home | apartment | flat => casa; abitazione; alloggio
social housing | public housing | council house | council housing => case popolari; edilizia residenziale pubblica; erp
rent | renting | rental => affitto; canone di locazione; locazione
landlord => proprietario
eviction | evicted => sfratto
low income | poor | poverty | financial help | financial support | money | hardship | benefit | benefits | allowance => contributo; sostegno economico; isee; aiuto economico
social worker | social services => assistente sociale; servizi sociali
elderly | old people | senior | seniors | older => anziani
home care | home help | caregiver => assistenza domiciliare
nursing home | care home | retirement home => rsa; casa di riposo; ricovero
meals on wheels | meal delivery => pasti a domicilio
emergency alarm | panic button => telesoccorso
maternity | maternity allowance | maternity benefit | mother => assegno di maternità; maternità
school => scuola; scolastico
school meals | school canteen | canteen | lunch | school lunch | meals | meal => mensa; refezione scolastica; pasti
diet | allergy | allergies | vegetarian | vegan | halal | kosher | religious diet => diete speciali; dieta; allergie
school bus | bus => scuolabus; trasporto scolastico
after school | afterschool | before school | childcare | homework => pre-scuola; post-scuola; doposcuola
textbooks | school books | books => libri di testo; libri
nursery | daycare | day care | kindergarten | preschool => asilo nido; nido
summer camp | summer camps | summer activities => centri estivi
library | library card => biblioteca; tessera biblioteca; prestito
tourist | tourists | visitor | visitors => turisti; ospiti
shop | store | open a shop | retail => negozio; esercizio di vicinato; commercio
restaurant | bar | cafe | pub => bar; ristoranti; pubblici esercizi; somministrazione
outdoor seating | tables outside => dehors; tavolini all'aperto
market | market stall | street vendor => mercato; posteggi; commercio ambulante
event | festival | party | concert | fair => manifestazioni; sagre; spettacoli; eventi
b&b | bed and breakfast | holiday rental | short term rental | airbnb => b&b; affittacamere; locazioni turistiche
building permit | planning permission | construction => permesso di costruire; titolo edilizio
renovation | renovate | refurbish | refurbishment => ristrutturazione; manutenzione straordinaria; cila
building records | building file | plans => pratiche edilizie; archivio edilizio
habitability | occupancy certificate | fit for habitation => agibilità; abitabilità
land | plot | land use | zoning => terreno; destinazione urbanistica
housing suitability | accommodation certificate | housing certificate => idoneità alloggiativa
family reunification | reunite family | bring my family => ricongiungimento familiare
residence permit | permit to stay | stay permit | visa => permesso di soggiorno
foreigner | foreigners | foreign | immigrant | immigrants => stranieri; cittadini stranieri
gym | sports | sport | sports hall | pitch | swimming pool => palestre; impianti sportivi; sport
room | hall | meeting room | venue => sale comunali; sala
association | associations | club | nonprofit | non profit => associazioni
sponsorship | patronage | grant | grants => patrocinio; contributi
cemetery | grave | tomb | burial => cimitero; loculi; tombe; sepoltura
cremation | ashes | urn => cremazione; ceneri; urna
candle | votive light | grave light => lampade votive; luce votiva
access to documents | records request | documents request | documents => accesso agli atti; copia documenti
freedom of information | foia | transparency => accesso civico; foia; trasparenza
complaint | complain | feedback | suggestion => reclami; segnalazioni; suggerimenti
report | reporting => segnalazione
office hours | opening hours | hours => orari
appointment | booking | book => appuntamento; prenotazione
town hall | municipality | city hall | council => comune
";
