# E-mail to citizens (crates/urp-web/src/mail.rs). Plain text, one message per line of the
# e-mail; the labels are followed by ": " and the value.

mail-greeting = Gentile cittadina, gentile cittadino,
mail-signature = { $ente } – Ufficio per le Relazioni con il Pubblico
mail-automatic = Questo messaggio è inviato automaticamente: per scrivere all'ufficio usi i contatti indicati sul portale.

mail-label-ente = Ente
mail-label-registry = Numero di protocollo
mail-label-received = Ricevuta il
mail-label-kind = Tipo di richiesta
mail-label-subject = Oggetto
mail-label-office = Ufficio competente
mail-label-term = Termine per la risposta
mail-label-due = Risposta entro il
mail-label-status = Stato
mail-label-stage = Fase
mail-label-contacts = Contatti

mail-received-at = { $date } alle { $time } (ora italiana)
mail-term-calendar = { $days ->
    [one] { $days } giorno di calendario
   *[other] { $days } giorni di calendario
}
mail-term-working = { $days ->
    [one] { $days } giorno lavorativo
   *[other] { $days } giorni lavorativi
}
mail-track = Può seguire la sua richiesta, senza registrarsi, a questo indirizzo:

mail-receipt-subject = Ricevuta della richiesta n. { $registry } – { $ente }
mail-receipt-intro = la sua richiesta è stata ricevuta e protocollata con il numero { $registry }.
mail-receipt-keep = Conservi questo messaggio: il numero di protocollo e l'indirizzo qui sopra identificano la sua richiesta.
mail-receipt-legal = Ricevuta rilasciata ai sensi dell'art. 18-bis della legge 7 agosto 1990, n. 241.

mail-reply-subject = Risposta alla richiesta n. { $registry } – { $ente }
mail-reply-intro = l'ufficio ha risposto alla sua richiesta n. { $registry }.
mail-reply-heading = Risposta:

mail-status-subject = Aggiornamento della richiesta n. { $registry } – { $ente }
mail-status-intro = la sua richiesta n. { $registry } ha cambiato stato.
mail-status-note = Comunicazione dell'ufficio:
