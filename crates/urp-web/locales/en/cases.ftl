# Catalogue: requests, deadlines and cases (English).

## Deadlines
deadline-due = Due on { $date }
deadline-suspended = Term suspended since { $since }
deadline-out-of-range = The deadline cannot be computed.
deadline-starts = received on { $received }: the term runs from the next day, { $first }
deadline-term-calendar = { $days ->
    [one] term of 1 day
   *[other] term of { $days } days
}
deadline-term-working = { $days ->
    [one] term of 1 working day
   *[other] term of { $days } working days
}
deadline-suspended-for = { $days ->
    [one] suspended on { $from } (1 day)
   *[other] suspended from { $from } to { $to } ({ $days } days)
}
deadline-suspended-since = { $days ->
    [one] suspended since { $from }: 1 day will remain when it resumes
   *[other] suspended since { $from }: { $days } days will remain when it resumes
}
deadline-not-counted = the suspension from { $from } does not change the deadline
deadline-last-day = last day of the term: { $date }
deadline-shift-holiday = on { $from } the offices are closed ({ $holiday }): the deadline moves to { $to }
deadline-shift-weekend = { $from } is a { $weekday }: the deadline moves to { $to }
deadline-because = because
weekday-sat = Saturday
weekday-sun = Sunday
holiday-new_year = New Year's Day
holiday-epiphany = Epiphany
holiday-easter = Easter
holiday-easter_monday = Easter Monday
holiday-liberation = Liberation Day
holiday-labour = Labour Day
holiday-republic = Republic Day
holiday-assumption = Assumption Day
holiday-st_francis = St Francis of Assisi, patron of Italy
holiday-all_saints = All Saints' Day
holiday-immaculate_conception = Immaculate Conception
holiday-christmas = Christmas
holiday-st_stephen = St Stephen's Day
holiday-patron = patron saint's day

## Field names in the error summary
field-name = Name
field-surname = Surname
field-email = E-mail
field-password = Password
field-current = Current password
field-new_password = New password
field-confirm = Password confirmation
field-ipa_code = IPA code
field-hosts = Domain names
field-patron_day = Patron saint's day
field-address = Address or place
field-phone = Phone
field-pec = Certified e-mail (PEC)
field-competences = Remit
field-opening_hours = Opening hours
field-responsible = Head of office
field-roles = Roles
field-description = Description
field-new_code = Channel code
field-new_name = Channel name
field-channels = Channels
field-subject = Subject
field-service = Service
field-fiscal_code = Fiscal code
field-privacy = Privacy notice
field-attachments = Attachments
field-topic_id = Topic
field-kind = Kind of request
field-channel = Channel
field-location = Location
field-office_id = Office
field-text = Text
field-reason = Reason

## Portal: requests
nav-requests = Write to the administration
requests-intro = Choose the kind of request. Each request gets a registry number and a deadline for the answer, and you can follow it online.
track-link = Already sent a request? Follow it with the code you received
form-required-note = Fields marked with * are required.
form-who = Your details
form-who-optional = Optional: without a contact we cannot answer you or send you the receipt.
form-next = Next: summary
choose-topic = Choose a topic (optional)
label-kind = Kind of request
label-topic = Topic
label-service = Service
label-place = Place or address
label-first-name = First name
label-surname = Surname
label-fiscal-code = Fiscal code
label-privacy = I have read the privacy notice
label-attachments = Attachments (optional)
label-registry-number = Registry number
label-received-at = Received on
label-office-in-charge = Office in charge
label-term = Term
label-answer-by = Date by which you will get an answer
label-tracking = Follow the request
label-tracking-code = Request code
label-stage = Status
help-service = The service the request is about, if you know it.
help-place = Street and number, or a landmark.
help-description-max = At most { $max } characters.
help-email-receipt = We will send the receipt and the answer to this address.
help-attachments = Up to 5 files (photos or documents), at most 5 MB each.
err-privacy = You must confirm that you have read the privacy notice.
summary-title = Summary of your request
summary-intro = Check the details before sending. You can go back and change them.
summary-edit = Change the details
summary-send = Confirm and send
receipt-title = Request received
receipt-intro = Your request has been recorded.
receipt-legal = Receipt under article 18-bis of Law 241/1990: the term for the answer runs from the date of receipt.
receipt-emailed = We sent this receipt to { $email }.
receipt-keep-link = Keep the link to follow the request: it is the only way to see its status.
office-urp-default = Public Relations Office
track-title = Follow a request
track-intro = Enter the code you find in the receipt.
track-not-found = No request matches this code.
track-submit = Find the request
track-case-title = Request no. { $registry }
track-history = History
event-reply = Answer from the office
form-title-informazione = Ask for assistance
form-title-reclamo = Make a complaint
form-title-segnalazione = Report a problem
form-title-suggerimento = Send a suggestion
form-title-elogio = Send praise
form-title-accesso_documentale = Request access to documents
form-title-accesso_civico_semplice = Simple civic access
form-title-accesso_civico_generalizzato = Generalised civic access (FOIA)
form-title-avvio_procedimento = Start a procedure
form-intro-informazione = Tell us what you need: the Public Relations Office will answer or direct you to the right office.
form-intro-reclamo = Tell us about a service that did not work as it should. You will get a reasoned answer.
form-intro-segnalazione = Report a problem in town: a damaged road, a broken street light, abandoned waste.
form-intro-suggerimento = Do you have an idea to improve a service? Tell us.
form-intro-elogio = Did a service work well? Let us know.
form-intro-accesso_documentale = Ask to see or copy administrative documents that concern you (Law 241/1990, art. 22 ff.). Name the documents and the reason.
form-intro-accesso_civico_semplice = Ask for documents, data or information the administration had to publish and did not (Legislative Decree 33/2013, art. 5 c. 1).
form-intro-accesso_civico_generalizzato = Ask for data and documents held by the administration, without having to give a reason (Legislative Decree 33/2013, art. 5 c. 2).
form-intro-avvio_procedimento = Ask for an administrative procedure to be started.
form-card-informazione = Questions and requests for information or help.
form-card-reclamo = A service did not work as it should.
form-card-segnalazione = A problem in town to fix.
form-card-suggerimento = An idea to improve services.
form-card-elogio = A service that worked well.
form-card-accesso_documentale = See or copy documents that concern you.
form-card-accesso_civico_semplice = Documents the administration had to publish.
form-card-accesso_civico_generalizzato = Data and documents held by the administration (FOIA).
form-card-avvio_procedimento = Start an administrative procedure.

## Staff area: cases
cases-queue = Cases
cases-queue-text = Citizens' requests to work on, with status and deadlines.
case-new = New case
case-new-text = Record a request received at the counter, by phone, e-mail, PEC, post or social media.
case-new-intro = Record a citizen's request received on any channel: it gets a registry number and a deadline.
case-create = Record the case
case-office-urp = Public Relations Office
case-title = Case no. { $registry }
case-citizen = Requester
case-anonymous = Anonymous
case-actions = Actions
case-reply = Answer to the citizen
help-reply = The citizen will see it on the request's page and receive it by e-mail.
case-note = Internal note
help-note = Never visible to the citizen.
case-add-note = Add the note
label-office = Office
label-channel = Channel
label-due = Deadline
label-reason = Reason
queue-filters = Case filters
queue-open = Open
queue-all = All
queue-any = Any
queue-due-within = Due within days
queue-overdue = Overdue only
queue-mine = Mine only
queue-apply = Apply the filters
queue-overdue-badge = overdue
queue-empty = No case matches the filters.
queue-pages = Result pages
queue-prev = Previous page
queue-next = Next page
queue-summary = { $count ->
    [0] No cases.
    [one] 1 case.
   *[other] { $count } cases.
}
history-created = Request received
history-note = Internal note
history-reply = Answer sent to the citizen
history-status = Status: { $status }
history-internal = internal
history-citizen-or-system = citizen or system
event-take_in_charge = Take in charge
event-start_work = Start working
event-suspend = Suspend, waiting for additions
event-resume = Resume work
event-send_reply = Send the answer
event-close = Close the case
event-reject = Reject
event-withdraw = Record withdrawal
event-reopen = Reopen
err-case-changed = Another operator changed the case meanwhile: check its current status and try again.
err-transition-not-allowed = This operation is not possible in the case's current status.
err-transition-reply-required = For this kind of request an answer must be sent to the citizen first.
err-transition-reason-required = Give the reason.
notice-created = Case recorded.

## Daily registry
register-title = Daily registry
register-intro = The registry numbers issued on one day, in order, with date and time of receipt, subject and sender (Presidential Decree 445/2000, art. 53).
register-day = Day
register-show = Show
register-csv = Download as CSV
register-caption = Registry of { $day }
register-time = Time
register-sender = Sender
register-empty = No number was issued on this day.

## Terms and calendar; undelivered mail
admin-case-settings = Terms and calendar
admin-case-settings-text = Answer terms per kind of request and office closing days.
case-settings-intro = These settings are used to compute case deadlines. They apply to cases received from now on.
terms-title = Terms per kind of request
terms-days = Days
terms-working = Working days
terms-custom = customised
closures-title = Office closing days
closures-intro = Besides national holidays and the patron saint: a closing day moves deadlines to the next working day.
closures-none = No extra closing days.
closures-day = Day
closures-reason = Reason
field-day = Day
field-terms = Terms
err-date = Enter a valid date.
err-term-days = Each term must be between 1 and 365 days.
outbox-title = Undelivered mail
outbox-intro = E-mails to citizens that the mail server has not accepted yet: they are retried automatically. If the error persists, contact the citizen through another channel.
outbox-recipient = Recipient
outbox-attempts = Attempts
outbox-error = Last error
outbox-none = No pending e-mails: everything was delivered.
holiday-closure = the administration's offices are closed
case-attachments = Attachments
field-note = Internal note
label-service-category = Service category
choose-category = Choose the category
field-category = Service category
err-service-category = Choose the service category.
service-category-agricoltura-pesca = Agriculture and fishing
service-category-ambiente = Environment
service-category-anagrafe-stato-civile = Registry office and civil status
service-category-appalti-pubblici = Public procurement
service-category-autorizzazioni = Permits
service-category-catasto-urbanistica = Land registry and town planning
service-category-cultura-tempo-libero = Culture and leisure
service-category-educazione-formazione = Education and training
service-category-giustizia-sicurezza = Justice and public safety
service-category-imprese-commercio = Business and trade
service-category-mobilita-trasporti = Mobility and transport
service-category-relazioni-pubblico = Public relations
service-category-salute-benessere-assistenza = Health, well-being and care
service-category-tributi-finanze-contravvenzioni = Taxes, finance and fines
service-category-turismo = Tourism
service-category-vita-lavorativa = Working life
label-point = Point on the map
point-use-mine = Use my position
point-found = Position found:
point-failed = Your position could not be read: give the address instead.
map-help = To mark the exact spot, click on the map or use your position. The point is optional: the address is enough.
map-label = Map to mark the place of the report
map-clear = Remove the point
map-cleared = Point removed.
