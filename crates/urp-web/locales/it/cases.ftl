# Catalogo: richieste, scadenze e pratiche (italiano).

## Scadenze
deadline-due = Scade il { $date }
deadline-suspended = Termine sospeso dal { $since }
deadline-out-of-range = Scadenza non calcolabile.
deadline-starts = ricevuta il { $received }: il termine decorre dal giorno successivo, { $first }
deadline-term-calendar = { $days ->
    [one] termine di 1 giorno
   *[other] termine di { $days } giorni
}
deadline-term-working = { $days ->
    [one] termine di 1 giorno lavorativo
   *[other] termine di { $days } giorni lavorativi
}
deadline-suspended-for = { $days ->
    [one] sospesa il { $from } (1 giorno)
   *[other] sospesa dal { $from } al { $to } ({ $days } giorni)
}
deadline-suspended-since = { $days ->
    [one] sospesa dal { $from }: alla ripresa resterà 1 giorno
   *[other] sospesa dal { $from }: alla ripresa resteranno { $days } giorni
}
deadline-not-counted = la sospensione dal { $from } non cambia la scadenza
deadline-last-day = ultimo giorno del termine: { $date }
deadline-shift-holiday = il { $from } gli uffici sono chiusi ({ $holiday }): la scadenza passa al { $to }
deadline-shift-weekend = il { $from } è { $weekday }: la scadenza passa al { $to }
deadline-because = perché
weekday-sat = sabato
weekday-sun = domenica
holiday-new_year = Capodanno
holiday-epiphany = Epifania
holiday-easter = Pasqua
holiday-easter_monday = Lunedì dell'Angelo
holiday-liberation = Festa della Liberazione
holiday-labour = Festa del Lavoro
holiday-republic = Festa della Repubblica
holiday-assumption = Ferragosto
holiday-st_francis = San Francesco d'Assisi, patrono d'Italia
holiday-all_saints = Ognissanti
holiday-immaculate_conception = Immacolata Concezione
holiday-christmas = Natale
holiday-st_stephen = Santo Stefano
holiday-patron = santo patrono

## Nomi dei campi nel riepilogo degli errori
field-name = Nome
field-surname = Cognome
field-email = E-mail
field-password = Password
field-current = Password attuale
field-new_password = Nuova password
field-confirm = Conferma della password
field-ipa_code = Codice IPA
field-hosts = Nomi a dominio
field-patron_day = Giorno del santo patrono
field-address = Indirizzo o luogo
field-phone = Telefono
field-pec = PEC
field-competences = Competenze
field-opening_hours = Orari
field-responsible = Responsabile
field-roles = Ruoli
field-description = Descrizione
field-new_code = Codice del canale
field-new_name = Nome del canale
field-channels = Canali
field-subject = Oggetto
field-service = Servizio
field-fiscal_code = Codice fiscale
field-privacy = Informativa privacy
field-attachments = Allegati
field-topic_id = Argomento
field-kind = Tipo di richiesta
field-channel = Canale
field-location = Posizione
field-office_id = Ufficio
field-text = Testo
field-reason = Motivazione

## Portale: richieste
nav-requests = Scrivi al Comune
requests-intro = Scegli il tipo di richiesta. Ogni richiesta riceve un numero di protocollo e un termine di risposta, e puoi seguirla online.
track-link = Hai già inviato una richiesta? Seguila con il codice ricevuto
form-required-note = I campi contrassegnati da * sono obbligatori.
form-who = I tuoi dati
form-who-optional = Facoltativi: senza un recapito non potremo risponderti né inviarti la ricevuta.
form-next = Avanti: riepilogo
choose-topic = Scegli un argomento (facoltativo)
label-kind = Tipo di richiesta
label-topic = Argomento
label-service = Servizio
label-place = Luogo o indirizzo
label-first-name = Nome
label-surname = Cognome
label-fiscal-code = Codice fiscale
label-privacy = Ho letto l'informativa sul trattamento dei dati personali
label-attachments = Allegati (facoltativi)
label-registry-number = Numero di protocollo
label-received-at = Ricevuta il
label-office-in-charge = Ufficio competente
label-term = Termine
label-answer-by = Data entro cui riceverai risposta
label-tracking = Segui la richiesta
label-tracking-code = Codice della richiesta
label-stage = Stato
help-service = Il servizio a cui si riferisce la richiesta, se lo conosci.
help-place = Via e numero civico, o un punto di riferimento.
help-description-max = Massimo { $max } caratteri.
help-email-receipt = Ti invieremo la ricevuta e la risposta a questo indirizzo.
help-attachments = Fino a 5 file (foto o documenti), massimo 5 MB ciascuno.
err-privacy = Devi dichiarare di aver letto l'informativa privacy.
summary-title = Riepilogo della richiesta
summary-intro = Controlla i dati prima dell'invio. Puoi tornare indietro a modificarli.
summary-edit = Modifica i dati
summary-send = Conferma e invia
receipt-title = Richiesta ricevuta
receipt-intro = La tua richiesta è stata registrata.
receipt-legal = Ricevuta ai sensi dell'art. 18-bis della Legge 241/1990: il termine per la risposta decorre dalla data di ricevimento.
receipt-emailed = Abbiamo inviato questa ricevuta a { $email }.
receipt-keep-link = Conserva il link per seguire la richiesta: è l'unico modo per vederne lo stato.
office-urp-default = Ufficio Relazioni con il Pubblico
track-title = Segui una richiesta
track-intro = Inserisci il codice che trovi nella ricevuta.
track-not-found = Nessuna richiesta corrisponde a questo codice.
track-submit = Cerca la richiesta
track-case-title = Richiesta n. { $registry }
track-history = Cronologia
event-reply = Risposta dell'ufficio
form-title-informazione = Richiedi assistenza
form-title-reclamo = Presenta un reclamo
form-title-segnalazione = Segnala un disservizio
form-title-suggerimento = Invia un suggerimento
form-title-elogio = Invia un elogio
form-title-accesso_documentale = Richiedi l'accesso agli atti
form-title-accesso_civico_semplice = Accesso civico semplice
form-title-accesso_civico_generalizzato = Accesso civico generalizzato (FOIA)
form-title-avvio_procedimento = Avvia un procedimento
form-intro-informazione = Descrivi di cosa hai bisogno: l'Ufficio Relazioni con il Pubblico ti risponderà o ti indirizzerà all'ufficio giusto.
form-intro-reclamo = Segnala un servizio che non ha funzionato come doveva. Riceverai una risposta motivata.
form-intro-segnalazione = Segnala un problema sul territorio: una strada danneggiata, un lampione spento, rifiuti abbandonati.
form-intro-suggerimento = Hai un'idea per migliorare un servizio? Raccontacela.
form-intro-elogio = Un servizio ha funzionato bene? Faccelo sapere.
form-intro-accesso_documentale = Chiedi di vedere o avere copia di documenti amministrativi che ti riguardano (Legge 241/1990, art. 22 e seguenti). Indica i documenti e il motivo.
form-intro-accesso_civico_semplice = Chiedi la pubblicazione di documenti, dati o informazioni che l'ente doveva pubblicare e non ha pubblicato (D.Lgs. 33/2013, art. 5 c. 1).
form-intro-accesso_civico_generalizzato = Chiedi dati e documenti detenuti dall'ente, anche senza motivare la richiesta (D.Lgs. 33/2013, art. 5 c. 2).
form-intro-avvio_procedimento = Chiedi l'avvio di un procedimento amministrativo.
form-card-informazione = Domande e richieste di informazioni o di aiuto.
form-card-reclamo = Un servizio non ha funzionato come doveva.
form-card-segnalazione = Un problema sul territorio da risolvere.
form-card-suggerimento = Un'idea per migliorare i servizi.
form-card-elogio = Un servizio che ha funzionato bene.
form-card-accesso_documentale = Vedere o avere copia di documenti che ti riguardano.
form-card-accesso_civico_semplice = Documenti che l'ente doveva pubblicare.
form-card-accesso_civico_generalizzato = Dati e documenti detenuti dall'ente (FOIA).
form-card-avvio_procedimento = Avviare un procedimento amministrativo.

## Area riservata: pratiche
cases-queue = Pratiche
cases-queue-text = Le richieste dei cittadini da lavorare, con stato e scadenze.
case-new = Nuova pratica
case-new-text = Registra una richiesta ricevuta allo sportello, al telefono, per e-mail, PEC, posta o social.
case-new-intro = Registra la richiesta di un cittadino ricevuta su qualunque canale: riceverà numero di protocollo e termine di risposta.
case-create = Registra la pratica
case-office-urp = Ufficio Relazioni con il Pubblico
case-title = Pratica n. { $registry }
case-citizen = Richiedente
case-anonymous = Anonimo
case-actions = Azioni
case-reply = Risposta al cittadino
help-reply = Sarà visibile al cittadino nella pagina della richiesta e inviata per e-mail.
case-note = Nota interna
help-note = Mai visibile al cittadino.
case-add-note = Aggiungi la nota
label-office = Ufficio
label-channel = Canale
label-due = Scadenza
label-reason = Motivazione
queue-filters = Filtri delle pratiche
queue-open = Aperte
queue-all = Tutte
queue-any = Tutti
queue-due-within = In scadenza entro giorni
queue-overdue = Solo scadute
queue-mine = Solo le mie
queue-apply = Applica i filtri
queue-overdue-badge = scaduta
queue-empty = Nessuna pratica corrisponde ai filtri.
queue-pages = Pagine dei risultati
queue-prev = Pagina precedente
queue-next = Pagina successiva
queue-summary = { $count ->
    [0] Nessuna pratica.
    [one] 1 pratica.
   *[other] { $count } pratiche.
}
history-created = Richiesta ricevuta
history-note = Nota interna
history-reply = Risposta inviata al cittadino
history-status = Stato: { $status }
history-internal = interna
history-citizen-or-system = cittadino o sistema
event-take_in_charge = Prendi in carico
event-start_work = Avvia la lavorazione
event-suspend = Sospendi in attesa di integrazioni
event-resume = Riprendi la lavorazione
event-send_reply = Invia la risposta
event-close = Chiudi la pratica
event-reject = Respingi
event-withdraw = Registra il ritiro
event-reopen = Riapri
err-case-changed = Nel frattempo la pratica è stata modificata da un altro operatore: controlla lo stato attuale e riprova.
err-transition-not-allowed = Questa operazione non è possibile nello stato attuale della pratica.
err-transition-reply-required = Per questo tipo di richiesta bisogna prima inviare una risposta al cittadino.
err-transition-reason-required = Indica la motivazione.
notice-created = Pratica registrata.

## Registro giornaliero di protocollo
register-title = Registro giornaliero di protocollo
register-intro = I numeri di protocollo assegnati in un giorno, in ordine, con data e ora di ricezione, oggetto e mittente (DPR 445/2000, art. 53).
register-day = Giorno
register-show = Mostra
register-csv = Scarica in CSV
register-caption = Registro del { $day }
register-time = Ora
register-sender = Mittente
register-empty = Nessun numero assegnato in questo giorno.

## Termini e calendario; posta non recapitata
admin-case-settings = Termini e calendario
admin-case-settings-text = Termini di risposta per tipo di richiesta e giorni di chiusura degli uffici.
case-settings-intro = Questi dati servono a calcolare le scadenze delle pratiche. Valgono per le pratiche ricevute da ora in poi.
terms-title = Termini per tipo di richiesta
terms-days = Giorni
terms-working = Giorni lavorativi
terms-custom = personalizzato
closures-title = Giorni di chiusura degli uffici
closures-intro = Oltre alle festività nazionali e al santo patrono: un giorno di chiusura sposta le scadenze al primo giorno lavorativo successivo.
closures-none = Nessun giorno di chiusura aggiuntivo.
closures-day = Giorno
closures-reason = Motivo
field-day = Giorno
field-terms = Termini
err-date = Inserisci una data valida.
err-term-days = Ogni termine deve essere tra 1 e 365 giorni.
outbox-title = Posta non recapitata
outbox-intro = Le e-mail ai cittadini che il server di posta non ha ancora accettato: vengono ritentate automaticamente. Se l'errore persiste, contatta il cittadino con un altro canale.
outbox-recipient = Destinatario
outbox-attempts = Tentativi
outbox-error = Ultimo errore
outbox-none = Nessuna e-mail in sospeso: tutto è stato recapitato.
holiday-closure = chiusura degli uffici dell'ente
case-attachments = Allegati
field-note = Nota interna
label-service-category = Categoria di servizio
choose-category = Scegli la categoria
field-category = Categoria di servizio
err-service-category = Scegli la categoria di servizio.
service-category-agricoltura-pesca = Agricoltura e pesca
service-category-ambiente = Ambiente
service-category-anagrafe-stato-civile = Anagrafe e stato civile
service-category-appalti-pubblici = Appalti pubblici
service-category-autorizzazioni = Autorizzazioni
service-category-catasto-urbanistica = Catasto e urbanistica
service-category-cultura-tempo-libero = Cultura e tempo libero
service-category-educazione-formazione = Educazione e formazione
service-category-giustizia-sicurezza = Giustizia e sicurezza pubblica
service-category-imprese-commercio = Imprese e commercio
service-category-mobilita-trasporti = Mobilità e trasporti
service-category-relazioni-pubblico = Relazioni con il pubblico
service-category-salute-benessere-assistenza = Salute, benessere e assistenza
service-category-tributi-finanze-contravvenzioni = Tributi, finanze e contravvenzioni
service-category-turismo = Turismo
service-category-vita-lavorativa = Vita lavorativa
label-point = Punto sulla mappa
point-use-mine = Usa la mia posizione
point-found = Posizione acquisita:
point-failed = Non è stato possibile leggere la posizione: indica l'indirizzo.
map-help = Per indicare il punto esatto fai clic sulla mappa, oppure usa la tua posizione. Il punto è facoltativo: basta l'indirizzo.
map-label = Mappa per indicare il luogo della segnalazione
map-clear = Togli il punto
map-cleared = Punto rimosso.
