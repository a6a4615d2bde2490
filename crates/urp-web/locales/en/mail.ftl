# E-mail to citizens (crates/urp-web/src/mail.rs). Plain text, one message per line of the
# e-mail; the labels are followed by ": " and the value.

mail-greeting = Dear citizen,
mail-signature = { $ente } – Public Relations Office (URP)
mail-automatic = This message was sent automatically: to write to the office, use the contacts on the portal.

mail-label-ente = Administration
mail-label-registry = Registry number
mail-label-received = Received on
mail-label-kind = Type of request
mail-label-subject = Subject
mail-label-office = Office in charge
mail-label-term = Term for the answer
mail-label-due = Answer by
mail-label-status = Status
mail-label-stage = Stage
mail-label-contacts = Contacts

mail-received-at = { $date } at { $time } (Italian time)
mail-term-calendar = { $days ->
    [one] { $days } calendar day
   *[other] { $days } calendar days
}
mail-term-working = { $days ->
    [one] { $days } working day
   *[other] { $days } working days
}
mail-track = You can follow your request, without signing up, at this address:

mail-receipt-subject = Receipt of request no. { $registry } – { $ente }
mail-receipt-intro = Your request has been received and registered with number { $registry }.
mail-receipt-keep = Please keep this message: the registry number and the address above identify your request.
mail-receipt-legal = Receipt issued under article 18-bis of Italian Law no. 241 of 7 August 1990.

mail-reply-subject = Answer to request no. { $registry } – { $ente }
mail-reply-intro = The office has answered your request no. { $registry }.
mail-reply-heading = Answer:

mail-status-subject = Update on request no. { $registry } – { $ente }
mail-status-intro = The status of your request no. { $registry } has changed.
mail-status-note = Message from the office:
