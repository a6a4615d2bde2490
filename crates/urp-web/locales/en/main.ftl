# Message catalogue: English (second language).

## Page structure
urp-name = Public Relations Office
skip-main = Skip to main content
skip-footer = Skip to footer
staff-area = Staff area
nav-tools = Tools
nav-main = Main menu
nav-toggle = Show or hide the menu
nav-close = Close the menu
nav-breadcrumb = Breadcrumb
nav-home = Home
nav-login = Sign in
nav-logout = Sign out
nav-search = Search
nav-search-site = Search the site
nav-offices = Offices
nav-topics = Topics
lang-it = Italian
lang-en = English
back-to-top = Back to top
footer-contacts = Contacts
footer-useful = Useful links
footer-legal = Legal information
footer-copyright = © { $name } — Public Relations Office
form-has-errors = The form has errors: please correct the fields shown.

## Common labels
label-name = Name
label-email = E-mail
label-pec = Certified e-mail (PEC)
label-phone = Phone
label-address = Address
label-password = Password
label-ipa-code = IPA code
label-roles = Roles
label-offices = Offices
label-status = Status
label-description = Description
label-actions = Actions
label-code = Code
label-position = Order
label-active = Active
label-members = People
label-when = When
label-who = Who
label-action = Operation
label-subject = Subject
label-tenant-name = Name of the administration
label-hosts = Portal domain names
label-patron-day = Patron saint's day
action-save = Save
action-cancel = Cancel
action-delete = Delete
action-add = Add

## Notices after saving
notice-saved = Changes saved.
notice-deleted = Item deleted.
notice-password = Password updated.

## Input errors
err-required = This field is required.
err-too-long = The text is too long.
err-email = Enter a valid e-mail address, for example name@comune.it.
err-ipa-code = The IPA code has only letters, digits and underscores (at most 20 characters), for example c_h501.
err-host-name = Enter valid domain names, for example www.comune.example.it, separated by spaces or new lines.
err-host-taken = One of these domain names is already used by another administration.
err-day-of-year = Write the day as DD/MM, for example 29/09.
err-password-short = The password is too short.
err-password-weak = The password is too simple: avoid repetitions and parts of your e-mail address.
err-password-mismatch = The two passwords do not match.
err-password-current = The current password is not correct.
err-slug = Use only lower-case letters, digits and dashes.
err-phone = Enter a valid phone number, for example +39 0999 123400.
err-url = Enter a valid web address starting with https://.
err-office-exists = An office with this name already exists.
err-topic-exists = A topic with this name already exists.
err-user-exists = A user with this e-mail address already exists.
err-channel-exists = A channel with this code already exists.
err-roles-required = Choose at least one role.
err-own-admin = You cannot remove the administrator role from yourself.
err-own-deactivate = You cannot deactivate your own account.
err-logo-missing = Choose a file to upload.
err-logo-too-large = The file is larger than 512 KB.
err-logo-type = Only PNG, JPEG or WebP images are accepted.

## Error pages
error-code = Error
error-go-home = Back to the home page
error-400-title = Invalid request
error-400-text = The request cannot be processed. Check what you entered and try again.
error-403-title = Access not allowed
error-403-text = You do not have permission to see this page or to do this operation.
error-csrf-title = Form expired or invalid
error-csrf-text = For your security the operation was not carried out and nothing was changed. Reload the page and try again.
error-404-title = Page not found
error-404-text = The page you are looking for does not exist or has been moved.
error-413-title = File too large
error-413-text = The data sent exceeds the maximum size allowed.
error-500-title = Internal error
error-500-text = An unexpected error occurred. The problem has been logged; please try again in a few minutes.
error-503-title = Service temporarily unavailable
error-503-text = The service cannot be reached right now. Please try again in a few minutes.

## Portal
home-intro = Information, offices and services: the Public Relations Office listens to you, informs you and guides you.
home-all-offices = All offices
home-all-topics = All topics
search-label = What are you looking for?
search-button = Search
search-summary = { $count ->
    [0] No results for “{ $q }”.
    [one] 1 result for “{ $q }”.
   *[other] { $count } results for “{ $q }”.
}
search-kind-office = Office
search-kind-topic = Topic
offices-intro = The administration's offices, with their remit, opening hours and contacts.
offices-none = No offices registered.
office-competences = Remit
office-hours = Opening hours
office-responsible = Head of office
office-contacts = Contacts
topics-intro = The topics that organise information and services.
topics-none = No topics registered.

## Legal pages
page-privacy = Privacy notice
page-legal = Legal notes
page-accessibility = Accessibility statement
page-credits = Credits and licences
privacy-controller-h = Data controller
privacy-controller = The data controller is { $name }, which processes personal data under Regulation (EU) 2016/679 (GDPR) and Legislative Decree 196/2003.
privacy-data-h = Data processed and purposes
privacy-data = Data given to the Public Relations Office are processed only to answer requests, handle reports and complaints and measure the quality of services, for no longer than necessary.
privacy-cookies-h = Cookies
privacy-cookies = The site uses only technical cookies needed for it to work (staff session, chosen language, form protection). It uses no profiling or third-party cookies.
privacy-rights-h = Your rights
privacy-rights = You can ask for access to your data, rectification, erasure or restriction of processing by writing to the administration at the contacts in the footer, and you can lodge a complaint with the Italian Data Protection Authority (Garante).
a11y-intro = The administration is committed to making its site accessible, in accordance with Law 4/2004 and AgID's accessibility guidelines (WCAG 2.1, level AA).
a11y-declaration-h = Accessibility statement
a11y-declaration = The administration's accessibility statement is published on AgID's platform.
a11y-agid-link = Go to the accessibility statement on AgID's site
a11y-feedback-h = Feedback
a11y-feedback = If you find it hard to use the site, please tell the Public Relations Office at the contacts in the footer.
legal-licence-h = Content licence
legal-licence = Under the open-by-default principle of article 52 of Legislative Decree 82 of 7 March 2005 (CAD), except where stated otherwise (including embedded third-party content), the data, documents and information published on this site are released under the CC-BY 4.0 licence. Users are free to share (reproduce, distribute, communicate to the public, display in public), perform and adapt this material in any medium and format for any purpose, including commercial, provided they give attribution, without adding further restrictions.
legal-software-h = Software
legal-software = This portal runs on URP, free software for Public Relations Offices, available for reuse under article 69 of the CAD.
credits-h = Third-party components
credits-intro = The portal uses these components, each under its own licence:

## Staff sign-in
login-title = Sign in to the staff area
login-intro = This area is for the administration's staff. Enter the e-mail address and password of your account.
login-submit = Sign in
login-failed = Wrong e-mail address or password.
login-throttled = Too many failed sign-in attempts. Try again in 15 minutes.
password-change = Change password
password-current = Current password
password-new = New password
password-confirm = Repeat the new password
password-rules = At least { $min } characters, not repetitive and different from your e-mail address.

## Staff area
staff-home = Staff area
staff-greeting = Hello, { $name }.
staff-your-tools = Your tools
staff-profile = Your profile
staff-intro-admin = As administrator you configure the administration, offices, users, topics and contact channels.
staff-intro-manager = As head of the Public Relations Office you coordinate front and back office, deadlines and service quality.
staff-intro-front_office = As front-office operator you welcome citizens on every channel, answer requests and open cases.
staff-intro-back_office = As back-office editor you keep information, forms and communication campaigns up to date.
staff-intro-referent = As your office's referent you receive the cases assigned to it and answer within the deadlines.
role-admin = Administrator
role-manager = Head of the Public Relations Office
role-front_office = Front-office operator
role-back_office = Back-office editor
role-referent = Office referent
admin-tenant = Administration details
admin-tenant-text = Name, IPA code, domains, patron saint, contacts and logo.
admin-offices = Offices
admin-offices-text = Organisational units with remit, premises, opening hours and contacts.
admin-users = Users
admin-users-text = Staff accounts, roles and offices.
admin-topics = Topics
admin-topics-text = The topic vocabulary used for information and requests.
admin-channels = Contact channels
admin-channels-text = Counter, phone, e-mail, PEC and the administration's other channels.
admin-audit = Change log
portal-link = Citizens' portal
portal-link-text = The portal as citizens see it.

## Administration
help-ipa-code = The administration's code in the Index of Public Administrations (indicepa.gov.it).
help-hosts = The names citizens use to reach this administration's portal, one per line.
help-patron-day = Local holiday, as DD/MM: it counts when deadlines are computed.
help-logo = PNG, JPEG or WebP, at most 512 KB.
help-competences = What the office does, as citizens will read it.
help-responsible = Name and title of the head of office.
help-channel-code = Short code used in statistics and APIs, for example whatsapp.
tenant-logo = Logo
tenant-logo-current = Current logo of the administration
tenant-logo-none = No logo uploaded: the portal shows the generic public administration symbol.
tenant-logo-file = Logo file
tenant-logo-upload = Upload the logo
tenant-logo-remove = Remove the logo
office-new = New office
office-delete = Delete the office
user-new = New user
user-active = Active account
user-status-active = Active
user-status-inactive = Deactivated
user-reset-password = Set a new password
user-set-password = Set the password
topic-new = New topic
topic-edit = Edit topic
channels-intro = Name, order and availability of the channels citizens use to contact the administration. Codes are fixed because statistics and APIs use them.
channel-new = New channel
channel-sportello = Counter
channel-telefono = Phone
channel-email = E-mail
channel-pec = Certified e-mail (PEC)
channel-web = Web portal
channel-app = App
channel-social = Social networks
channel-posta = Post
audit-intro = The latest changes to settings and sign-ins, with who made them and when.
audit-none = No operations recorded.

## Requests and cases
error-422-title = Invalid data
error-422-text = Some fields are not valid: correct them and send again. Nothing was recorded.
error-429-title = Too many requests
error-429-text = You sent too many requests in a short time. Try again in a minute.
err-case-kind = Choose the kind of request.
err-case-channel = Contact channel not recognised.
err-fiscal-code = The fiscal code is not valid: check its letters and digits.
err-location = The location given is not valid.
err-email-needed = Give an e-mail address to send the answer to.
err-attachments-count = You can attach at most 5 files.
err-attachment-too-large = Each attachment can be at most 5 MB.
err-attachment-type = Only images (PNG, JPEG, WebP), PDF and ODT, DOCX, ODS, XLSX documents are accepted.
err-attachments-total = Together the attachments exceed 15 MB.
err-unknown-office = Office not found.
err-unknown-topic = Topic not found.
kind-informazione = Request for information
kind-reclamo = Complaint or service failure
kind-segnalazione = Report
kind-suggerimento = Suggestion
kind-elogio = Praise
kind-accesso_documentale = Request for access to documents
kind-accesso_civico_semplice = Simple civic access
kind-accesso_civico_generalizzato = Generalised civic access (FOIA)
kind-avvio_procedimento = Start of a procedure
status-nuova = New
status-presa_in_carico = Taken in charge
status-in_lavorazione = In progress
status-sospesa = Suspended, waiting for additions
status-risposta_inviata = Answer sent
status-chiusa = Closed
status-respinta = Rejected
status-ritirata = Withdrawn
status-riaperta = Reopened
stage-inviata = Sent
stage-presa_in_carico = Taken in charge
stage-in_elaborazione = Being processed
stage-da_integrare = Additions needed
stage-conclusa = Concluded
stage-rifiutata = Refused
stage-ritirata = Withdrawn
