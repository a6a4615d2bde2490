# Catalogo dei messaggi: italiano (lingua principale).

## Struttura della pagina
urp-name = Ufficio Relazioni con il Pubblico
skip-main = Vai al contenuto principale
skip-footer = Vai al piè di pagina
staff-area = Area riservata al personale
nav-tools = Strumenti
nav-main = Menu principale
nav-toggle = Mostra o nascondi il menu
nav-close = Chiudi il menu
nav-breadcrumb = Percorso di navigazione
nav-home = Home
nav-login = Accedi
nav-logout = Esci
nav-search = Cerca
nav-search-site = Cerca nel sito
nav-offices = Uffici
nav-topics = Argomenti
lang-it = Italiano
lang-en = Inglese
back-to-top = Torna su
footer-contacts = Contatti
footer-useful = Link utili
footer-legal = Informazioni legali
footer-copyright = © { $name } — Ufficio Relazioni con il Pubblico
form-has-errors = Il modulo contiene errori: correggi i campi indicati.

## Etichette comuni
label-name = Nome
label-email = E-mail
label-pec = PEC
label-phone = Telefono
label-address = Indirizzo
label-password = Password
label-ipa-code = Codice IPA
label-roles = Ruoli
label-offices = Uffici
label-status = Stato
label-description = Descrizione
label-actions = Azioni
label-code = Codice
label-position = Ordine
label-active = Attivo
label-members = Persone
label-when = Quando
label-who = Chi
label-action = Operazione
label-subject = Oggetto
label-tenant-name = Nome dell'ente
label-hosts = Nomi a dominio del portale
label-patron-day = Giorno del santo patrono
action-save = Salva
action-cancel = Annulla
action-delete = Elimina
action-add = Aggiungi

## Avvisi dopo il salvataggio
notice-saved = Modifiche salvate.
notice-deleted = Elemento eliminato.
notice-password = Password aggiornata.

## Errori di compilazione
err-required = Campo obbligatorio.
err-too-long = Il testo è troppo lungo.
err-email = Inserisci un indirizzo e-mail valido, ad esempio nome@comune.it.
err-ipa-code = Il codice IPA contiene solo lettere, cifre e trattini bassi (massimo 20 caratteri), ad esempio c_h501.
err-host-name = Inserisci nomi a dominio validi, ad esempio www.comune.esempio.it, separati da spazi o a capo.
err-host-taken = Uno di questi nomi a dominio è già usato da un altro ente.
err-day-of-year = Scrivi il giorno come GG/MM, ad esempio 29/09.
err-password-short = La password è troppo corta.
err-password-weak = La password è troppo semplice: evita ripetizioni e parti del tuo indirizzo e-mail.
err-password-mismatch = Le due password non coincidono.
err-password-current = La password attuale non è corretta.
err-slug = Usa solo lettere minuscole, cifre e trattini.
err-phone = Inserisci un numero di telefono valido, ad esempio +39 0999 123400.
err-url = Inserisci un indirizzo web valido che inizi con https://.
err-office-exists = Esiste già un ufficio con questo nome.
err-topic-exists = Esiste già un argomento con questo nome.
err-user-exists = Esiste già un utente con questo indirizzo e-mail.
err-channel-exists = Esiste già un canale con questo codice.
err-roles-required = Scegli almeno un ruolo.
err-own-admin = Non puoi togliere a te stesso il ruolo di amministratore.
err-own-deactivate = Non puoi disattivare il tuo stesso account.
err-logo-missing = Scegli un file da caricare.
err-logo-too-large = Il file supera i 512 KB.
err-logo-type = Sono accettate solo immagini PNG, JPEG o WebP.

## Pagine di errore
error-code = Errore
error-go-home = Torna alla pagina iniziale
error-400-title = Richiesta non valida
error-400-text = La richiesta non può essere elaborata. Controlla i dati inseriti e riprova.
error-403-title = Accesso non consentito
error-403-text = Non hai i permessi per vedere questa pagina o eseguire questa operazione.
error-csrf-title = Modulo scaduto o non valido
error-csrf-text = Per sicurezza l'operazione non è stata eseguita e nulla è stato modificato. Ricarica la pagina e riprova.
error-404-title = Pagina non trovata
error-404-text = La pagina che cerchi non esiste o è stata spostata.
error-413-title = File troppo grande
error-413-text = I dati inviati superano la dimensione massima consentita.
error-500-title = Errore interno
error-500-text = Si è verificato un errore imprevisto. Il problema è stato registrato; riprova tra qualche minuto.
error-503-title = Servizio temporaneamente non disponibile
error-503-text = Il servizio non è al momento raggiungibile. Riprova tra qualche minuto.

## Portale
home-intro = Informazioni, uffici e servizi dell'ente: l'Ufficio Relazioni con il Pubblico ti ascolta, ti informa e ti orienta.
home-all-offices = Tutti gli uffici
home-all-topics = Tutti gli argomenti
search-label = Cosa stai cercando?
search-button = Cerca
search-summary = { $count ->
    [0] Nessun risultato per «{ $q }».
    [one] 1 risultato per «{ $q }».
   *[other] { $count } risultati per «{ $q }».
}
search-kind-office = Ufficio
search-kind-topic = Argomento
offices-intro = Gli uffici dell'ente, con competenze, orari e contatti.
offices-none = Nessun ufficio registrato.
office-competences = Competenze
office-hours = Orari di apertura al pubblico
office-responsible = Responsabile
office-contacts = Contatti
topics-intro = Gli argomenti con cui sono organizzati informazioni e servizi.
topics-none = Nessun argomento registrato.

## Pagine legali
page-privacy = Informativa privacy
page-legal = Note legali
page-accessibility = Dichiarazione di accessibilità
page-credits = Crediti e licenze
privacy-controller-h = Titolare del trattamento
privacy-controller = Titolare del trattamento dei dati personali è { $name }, che li tratta ai sensi del Regolamento (UE) 2016/679 (GDPR) e del D.Lgs. 196/2003.
privacy-data-h = Dati trattati e finalità
privacy-data = I dati forniti all'Ufficio Relazioni con il Pubblico sono trattati solo per rispondere alle richieste, gestire segnalazioni e reclami e misurare la qualità dei servizi, per il tempo strettamente necessario.
privacy-cookies-h = Cookie
privacy-cookies = Il sito usa solo cookie tecnici, necessari al funzionamento (sessione del personale, lingua scelta, protezione dei moduli). Non usa cookie di profilazione né di terze parti.
privacy-rights-h = Diritti dell'interessato
privacy-rights = Puoi chiedere l'accesso ai tuoi dati, la rettifica, la cancellazione o la limitazione del trattamento scrivendo all'ente ai contatti indicati nel piè di pagina, e puoi proporre reclamo al Garante per la protezione dei dati personali.
a11y-intro = L'ente si impegna a rendere il proprio sito accessibile, conformemente alla Legge 4/2004 e alle Linee guida AgID sull'accessibilità degli strumenti informatici (WCAG 2.1, livello AA).
a11y-declaration-h = Dichiarazione di accessibilità
a11y-declaration = La dichiarazione di accessibilità dell'ente è pubblicata sulla piattaforma di AgID.
a11y-agid-link = Vai alla dichiarazione di accessibilità sul sito di AgID
a11y-feedback-h = Segnalazioni
a11y-feedback = Se incontri difficoltà nell'uso del sito puoi segnalarle all'Ufficio Relazioni con il Pubblico ai contatti indicati nel piè di pagina.
legal-licence-h = Licenza dei contenuti
legal-licence = In applicazione del principio open by default ai sensi dell'articolo 52 del decreto legislativo 7 marzo 2005, n. 82 (CAD), salvo dove diversamente specificato (compresi i contenuti incorporati di terzi), i dati, i documenti e le informazioni pubblicati sul sito sono rilasciati con licenza CC-BY 4.0. Gli utenti sono quindi liberi di condividere (riprodurre, distribuire, comunicare al pubblico, esporre in pubblico), rappresentare, eseguire e recitare questo materiale con qualsiasi mezzo e formato e modificarlo (trasformare il materiale e utilizzarlo per opere derivate) per qualsiasi fine, anche commerciale, con il solo onere di attribuzione, senza apporre restrizioni aggiuntive.
legal-software-h = Software
legal-software = Il portale è realizzato con URP, software libero per gli Uffici Relazioni con il Pubblico, disponibile per il riuso ai sensi dell'articolo 69 del CAD.
credits-h = Componenti di terze parti
credits-intro = Il portale usa questi componenti, ciascuno con la propria licenza:

## Accesso del personale
login-title = Accesso all'area riservata
login-intro = Area riservata al personale dell'ente. Inserisci l'indirizzo e-mail e la password del tuo account.
login-submit = Accedi
login-failed = Indirizzo e-mail o password non corretti.
login-throttled = Troppi tentativi di accesso non riusciti. Riprova tra 15 minuti.
password-change = Cambia password
password-current = Password attuale
password-new = Nuova password
password-confirm = Ripeti la nuova password
password-rules = Almeno { $min } caratteri, non ripetitiva e diversa dal tuo indirizzo e-mail.

## Area riservata
staff-home = Area riservata
staff-greeting = Buongiorno, { $name }.
staff-your-tools = I tuoi strumenti
staff-profile = Il tuo profilo
staff-intro-admin = Come amministratore configuri l'ente, gli uffici, gli utenti, gli argomenti e i canali di contatto.
staff-intro-manager = Come responsabile URP coordini il front office e il back office, le scadenze e la qualità del servizio.
staff-intro-front_office = Come operatore di front office accogli i cittadini su ogni canale, rispondi alle richieste e avvii le pratiche.
staff-intro-back_office = Come redattore di back office curi le informazioni, la modulistica e le campagne di comunicazione.
staff-intro-referent = Come referente del tuo ufficio ricevi le pratiche assegnate e rispondi entro i termini.
role-admin = Amministratore
role-manager = Responsabile URP
role-front_office = Operatore di front office
role-back_office = Redattore di back office
role-referent = Referente d'ufficio
admin-tenant = Dati dell'ente
admin-tenant-text = Nome, codice IPA, domini, santo patrono, contatti e logo.
admin-offices = Uffici
admin-offices-text = Unità organizzative con competenze, sedi, orari e contatti.
admin-users = Utenti
admin-users-text = Account del personale, ruoli e uffici di appartenenza.
admin-topics = Argomenti
admin-topics-text = Il vocabolario degli argomenti usato per informazioni e richieste.
admin-channels = Canali di contatto
admin-channels-text = Sportello, telefono, e-mail, PEC e gli altri canali dell'ente.
admin-audit = Registro delle modifiche
portal-link = Portale dei cittadini
portal-link-text = Il portale come lo vedono i cittadini.

## Amministrazione
help-ipa-code = Il codice dell'ente nell'Indice delle Pubbliche Amministrazioni (indicepa.gov.it).
help-hosts = I nomi con cui i cittadini raggiungono il portale di questo ente, uno per riga.
help-patron-day = Giorno festivo locale, nel formato GG/MM: conta nel calcolo delle scadenze.
help-logo = PNG, JPEG o WebP, al massimo 512 KB.
help-competences = Cosa fa l'ufficio, come apparirà ai cittadini.
help-responsible = Nome e qualifica del responsabile.
help-channel-code = Codice breve usato nelle statistiche e nelle API, ad esempio whatsapp.
tenant-logo = Logo
tenant-logo-current = Logo attuale dell'ente
tenant-logo-none = Nessun logo caricato: il portale mostra il simbolo generico della pubblica amministrazione.
tenant-logo-file = File del logo
tenant-logo-upload = Carica il logo
tenant-logo-remove = Rimuovi il logo
office-new = Nuovo ufficio
office-delete = Elimina l'ufficio
user-new = Nuovo utente
user-active = Account attivo
user-status-active = Attivo
user-status-inactive = Disattivato
user-reset-password = Imposta una nuova password
user-set-password = Imposta la password
topic-new = Nuovo argomento
topic-edit = Modifica argomento
channels-intro = Nome, ordine e disponibilità dei canali con cui i cittadini contattano l'ente. I codici sono fissi perché li usano statistiche e API.
channel-new = Nuovo canale
channel-sportello = Sportello
channel-telefono = Telefono
channel-email = E-mail
channel-pec = PEC
channel-web = Portale web
channel-app = App
channel-social = Social network
channel-posta = Posta
audit-intro = Le ultime modifiche alle impostazioni e agli accessi, con chi le ha fatte e quando.
audit-none = Nessuna operazione registrata.

## Richieste e pratiche
error-422-title = Dati non validi
error-422-text = Alcuni campi non sono validi: correggili e invia di nuovo. Nulla è stato registrato.
error-429-title = Troppe richieste
error-429-text = Hai inviato troppe richieste in poco tempo. Riprova tra un minuto.
err-case-kind = Scegli il tipo di richiesta.
err-case-channel = Canale di contatto non riconosciuto.
err-fiscal-code = Il codice fiscale non è valido: controlla le lettere e le cifre.
err-location = La posizione indicata non è valida.
err-email-needed = Indica un indirizzo e-mail a cui inviare la risposta.
err-attachments-count = Puoi allegare al massimo 5 file.
err-attachment-too-large = Ogni allegato può pesare al massimo 5 MB.
err-attachment-type = Sono accettati solo immagini (PNG, JPEG, WebP), PDF e documenti ODT, DOCX, ODS, XLSX.
err-attachments-total = Gli allegati insieme superano i 15 MB.
err-unknown-office = Ufficio non trovato.
err-unknown-topic = Argomento non trovato.
kind-informazione = Richiesta di informazioni
kind-reclamo = Reclamo o disservizio
kind-segnalazione = Segnalazione
kind-suggerimento = Suggerimento
kind-elogio = Elogio
kind-accesso_documentale = Richiesta di accesso agli atti
kind-accesso_civico_semplice = Accesso civico semplice
kind-accesso_civico_generalizzato = Accesso civico generalizzato (FOIA)
kind-avvio_procedimento = Avvio di procedimento
status-nuova = Nuova
status-presa_in_carico = Presa in carico
status-in_lavorazione = In lavorazione
status-sospesa = Sospesa in attesa di integrazioni
status-risposta_inviata = Risposta inviata
status-chiusa = Chiusa
status-respinta = Respinta
status-ritirata = Ritirata
status-riaperta = Riaperta
stage-inviata = Inviata
stage-presa_in_carico = Presa in carico
stage-in_elaborazione = In elaborazione
stage-da_integrare = Da integrare
stage-conclusa = Conclusa
stage-rifiutata = Rifiutata
stage-ritirata = Ritirata
