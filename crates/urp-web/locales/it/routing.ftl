# Catalogo: smistamento, pareri interni, notifiche, scadenze interne, duplicati (italiano).

## Menu e titoli
office-queue-title = Il mio ufficio
waiting-title = Chi aspetta chi
routing-rules-title = Smistamento automatico
notifications-title = Notifiche
notifications-menu-unread = Notifiche ({ $count } da leggere)
notification-prefs-title = Preferenze di notifica
notice-followed = Ora segui questa pratica.
notice-unfollowed = Non segui più questa pratica.

## Storia della pratica
history-routed = Assegnata a un ufficio
history-rerouted = Riassegnata a un altro ufficio
history-taken = Presa in carico da un referente
history-opinion_request = Richiesta di parere interno
history-opinion_answer = Parere interno reso
history-reply_proposed = Risposta proposta dall'ufficio
history-reply_returned = Proposta di risposta restituita all'ufficio
history-merged = Unita a un'altra pratica (duplicata)
history-unmerged = Unione annullata
routing-history-routed = Assegnata all'ufficio { $office }
routing-history-auto = Assegnata automaticamente all'ufficio { $office } (regola «{ $rule }»)
routing-history-taken = Il referente ha preso in carico la pratica.
routing-history-opinion-asked = Parere chiesto all'ufficio { $office }, entro il { $date }:
routing-history-opinion-answered = Parere dell'ufficio { $office }:
routing-history-proposed = Proposta di risposta al cittadino, da validare:
routing-history-returned = Proposta restituita all'ufficio perché:
merge-history-merged = La richiesta è stata unita alla pratica n. { $registry }, che tratta lo stesso problema: riceverai le risposte di quella pratica.
merge-history-unmerged = La richiesta non è più unita alla pratica n. { $registry } e torna a essere trattata da sola.

## Notifiche (testi)
routing-notify-routed = La pratica { $registry } è stata assegnata all'ufficio { $office }.
routing-notify-opinion = L'URP chiede un parere all'ufficio { $office } sulla pratica { $registry }, entro il { $date }.
routing-notify-answered = L'ufficio { $office } ha reso il parere sulla pratica { $registry }.
routing-notify-proposed = Una risposta proposta per la pratica { $registry } attende la validazione dell'URP.
routing-notify-approved = La risposta proposta per la pratica { $registry } è stata validata e inviata al cittadino.
routing-notify-returned = La risposta proposta per la pratica { $registry } è stata restituita con osservazioni.
routing-notify-mention = { $who } ti ha menzionato in una nota sulla pratica { $registry }.
routing-notify-note = { $who } ha aggiunto una nota alla pratica { $registry }, che segui.
digest-intro = Riepilogo del { $date }:
digest-line-overdue = • Scaduta il { $date }: pratica { $registry } – { $subject }
digest-line-due = • Scade il { $date }: pratica { $registry } – { $subject }
digest-line-opinion-overdue = • Parere scaduto il { $date }: pratica { $registry } ({ $office })
digest-line-opinion-due = • Parere da rendere entro il { $date }: pratica { $registry } ({ $office })
escalation-opinion = Sollecito: l'ufficio { $office } non ha reso entro il { $date } il parere chiesto sulla pratica { $registry }.
escalation-legal = Sollecito: la pratica { $registry } ({ $subject }) ha superato il termine di legge del { $date }.
notification-mail-subject = Notifica URP – { $ente }
notification-mail-digest-subject = Riepilogo giornaliero URP – { $ente }

## Errori
routing-err-not-in-office = Il referente scelto non appartiene all'ufficio.
routing-err-same-office = La pratica è già assegnata a questo ufficio.
routing-err-empty-alternative = Parole chiave: c'è un'alternativa vuota tra due virgole.
routing-err-wildcard = Parole chiave: l'asterisco può stare solo alla fine di una parola.
routing-err-short-prefix = Parole chiave: prima dell'asterisco servono almeno tre lettere.
routing-err-character = Parole chiave: usa solo lettere, numeri, spazi, virgole, apostrofi, trattini e l'asterisco finale.
routing-err-too-long = Parole chiave: al massimo 50 alternative.
routing-err-days = Indica un numero di giorni tra 1 e 365, oppure lascia vuoto.
routing-err-distance = Indica una distanza tra 10 e 50000 metri, oppure lascia vuoto.
merge-err-self = Una pratica non può essere unita a se stessa.
merge-err-unknown = Nessuna pratica di questo ente ha quel numero.
merge-err-closed-source = Solo una pratica aperta può essere unita a un'altra.
merge-err-closed = La pratica principale è chiusa: scegline una aperta.
merge-err-chain = Unione non possibile: la pratica principale è a sua volta unita a un'altra, oppure a questa sono unite altre pratiche.
merge-err-not-merged = Questa pratica non è unita a nessun'altra.

## Pagina della pratica
routing-panel-title = Smistamento e comunicazione interna
routing-assignee = Referente incaricato
routing-take = Assegnala a me
routing-follow = Segui la pratica
routing-unfollow = Non seguire più
routing-route = Assegna a un ufficio
routing-reroute = Riassegna
routing-referent = Referente (facoltativo)
routing-referent-any = Tutti i referenti dell'ufficio
routing-reason = Motivo
routing-reason-help = Obbligatorio quando la pratica passa a un altro ufficio.
routing-route-submit = Assegna
opinion-ask = Chiedi un parere interno
opinion-office = Ufficio
opinion-question = Domanda
opinion-question-help = Il termine interno è di 15 giorni, salvo diversa impostazione dell'ente o dell'ufficio.
opinion-ask-submit = Chiedi il parere
opinion-list = Pareri interni
opinion-due = entro il
opinion-answered = Risposta del
opinion-answer = Parere
opinion-answer-submit = Invia il parere all'URP
opinion-waiting = In attesa del parere.
proposal-pending = Risposta proposta dall'ufficio
proposal-decision-text = Testo definitivo o osservazioni
proposal-decision-help = Per validare: lascia vuoto per inviare il testo proposto, oppure scrivi il testo corretto. Per restituire: scrivi le osservazioni.
proposal-approve = Valida e invia al cittadino
proposal-return = Restituisci all'ufficio
proposal-title = Restituisci all'URP con una proposta di risposta
proposal-text = Proposta di risposta al cittadino
proposal-help = L'URP la valida prima che arrivi al cittadino.
proposal-submit = Invia la proposta all'URP
duplicates-title = Possibili duplicati aperti
duplicates-similarity = somiglianza
merge-merged-into = Questa pratica è unita, come duplicata, alla pratica
merge-merged-here = Pratiche unite a questa
merge-undo = Annulla l'unione
merge-into = Unisci come duplicata alla pratica n.
merge-into-help = Numero di protocollo della pratica principale, per esempio 2026/0000012. Questa pratica sarà chiusa come duplicata e il cittadino riceverà le risposte di quella principale.
merge-submit = Unisci

## Il mio ufficio
office-queue-cases = Pratiche del mio ufficio
office-queue-mine = mia
office-queue-asked = Pareri chiesti al mio ufficio
office-queue-asked-none = Nessun parere da rendere.

## Chi aspetta chi
waiting-intro = Le pratiche aperte secondo chi deve fare la prossima mossa, con da quanti giorni.
waiting-totals = Totali per parte
waiting-cases = Pratiche aperte
waiting-party = In attesa di
waiting-count = Pratiche
waiting-oldest = Attesa più lunga (giorni)
waiting-days = Giorni di attesa
waiting-none = Nessuna pratica aperta.
waiting-party-citizen = Cittadino (integrazioni)
waiting-party-urp = URP
waiting-party-office = Ufficio

## Notifiche
notifications-unread = { $count ->
    [0] Nessuna notifica da leggere.
    [one] 1 notifica da leggere.
   *[other] { $count } notifiche da leggere.
}
notifications-read-all = Segna tutte come lette
notifications-new = nuova
notifications-open-case = Apri la pratica
notifications-mark-read = Segna come letta
notifications-none = Nessuna notifica.
notification-prefs-intro = Per ogni tipo di evento scegli se essere avvisato subito (nell'applicazione e per e-mail), nel riepilogo giornaliero delle 7:00, oppure per niente.
notify-kind-routed = Pratica assegnata al mio ufficio o a me
notify-kind-opinion_requested = Parere chiesto al mio ufficio
notify-kind-opinion_answered = Parere reso su una pratica che seguo
notify-kind-reply_proposed = Risposta proposta da validare
notify-kind-reply_decided = Mia proposta validata o restituita
notify-kind-mention = Menzione in una nota
notify-kind-note = Nota su una pratica che seguo
notify-kind-escalation = Solleciti per termini scaduti
notify-mode-now = Subito
notify-mode-digest = Nel riepilogo giornaliero
notify-mode-off = Mai

## Regole di smistamento
routing-rules-intro = Le pratiche nuove senza ufficio vanno al primo ufficio la cui regola corrisponde, nell'ordine della tabella. Le condizioni lasciate vuote valgono per ogni pratica.
routing-rules-list = Regole, nell'ordine in cui sono provate
routing-rules-none = Nessuna regola: le pratiche nuove attendono lo smistamento dell'URP.
routing-position = Ordine
routing-label-name = Nome della regola
routing-conditions = Condizioni
routing-actions = Azioni
routing-up = Su
routing-down = Giù
routing-delete = Elimina
routing-any-case = ogni pratica
routing-new-rule = Nuova regola
routing-target-office = Ufficio di destinazione
routing-label-service = Servizio
routing-label-keywords = Parole chiave
routing-keywords-help = Alternative separate da virgole; ogni alternativa può avere più parole, tutte richieste. Maiuscole, accenti e plurali non contano; l'asterisco finale cerca l'inizio di una parola. Esempio: buca, manto stradale, marciapied*
routing-sample = Testo di prova
routing-sample-help = Scrivi l'oggetto e la descrizione di una segnalazione tipo e premi «Prova»: la regola non viene salvata.
routing-try = Prova
routing-save-rule = Salva la regola
routing-trial-this-rule = questa regola
routing-trial-match = La pratica andrebbe all'ufficio { $office } (regola «{ $rule }»).
routing-trial-none = Nessuna regola corrisponde: la pratica resterebbe da smistare.
routing-settings = Termini interni e duplicati
routing-opinion-days = Termine interno dei pareri (giorni)
routing-opinion-days-help = Vuoto: 15 giorni.
routing-distance = Distanza per i duplicati (metri)
routing-distance-help = Due segnalazioni con un luogo sono possibili duplicati solo entro questa distanza. Vuoto: 300 metri.
routing-offices = Impostazioni per ufficio
routing-office-days = Termine interno (giorni)
routing-validate = Risposte validate dall'URP
routing-head = Responsabile da sollecitare
routing-head-none = I referenti dell'ufficio
field-sample = Testo di prova
field-opinion_days = Termine interno
field-distance = Distanza
field-route = Smistamento
field-question = Domanda
field-proposal = Proposta
field-decision = Decisione
field-merge = Unione
field-offices = Impostazioni per ufficio
