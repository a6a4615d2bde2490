# Catalogue: routing, internal opinions, notifications, internal deadlines, duplicates (English).

## Menu and titles
office-queue-title = My office
waiting-title = Who is waiting for whom
routing-rules-title = Automatic routing
notifications-title = Notifications
notifications-menu-unread = Notifications ({ $count } unread)
notification-prefs-title = Notification preferences
notice-followed = You now follow this case.
notice-unfollowed = You no longer follow this case.

## Case history
history-routed = Routed to an office
history-rerouted = Re-routed to another office
history-taken = Taken in charge by a referent
history-opinion_request = Internal opinion requested
history-opinion_answer = Internal opinion given
history-reply_proposed = Reply proposed by the office
history-reply_returned = Proposed reply returned to the office
history-merged = Merged into another case (duplicate)
history-unmerged = Merge undone
routing-history-routed = Routed to { $office }
routing-history-auto = Routed automatically to { $office } (rule “{ $rule }”)
routing-history-taken = The referent took the case in charge.
routing-history-opinion-asked = Opinion asked of { $office }, due by { $date }:
routing-history-opinion-answered = Opinion of { $office }:
routing-history-proposed = Proposed reply to the citizen, to be validated:
routing-history-returned = Proposal returned to the office because:
merge-history-merged = The request was merged into case no. { $registry }, about the same problem: you will receive that case's replies.
merge-history-unmerged = The request is no longer merged into case no. { $registry } and is handled on its own again.

## Notifications (texts)
routing-notify-routed = Case { $registry } was routed to { $office }.
routing-notify-opinion = The URP asks { $office } for an opinion on case { $registry }, by { $date }.
routing-notify-answered = { $office } gave its opinion on case { $registry }.
routing-notify-proposed = A reply proposed for case { $registry } is waiting for the URP's validation.
routing-notify-approved = The reply proposed for case { $registry } was validated and sent to the citizen.
routing-notify-returned = The reply proposed for case { $registry } was returned with remarks.
routing-notify-mention = { $who } mentioned you in a note on case { $registry }.
routing-notify-note = { $who } added a note to case { $registry }, which you follow.
digest-intro = Summary of { $date }:
digest-line-overdue = • Overdue since { $date }: case { $registry } – { $subject }
digest-line-due = • Due on { $date }: case { $registry } – { $subject }
digest-line-opinion-overdue = • Opinion overdue since { $date }: case { $registry } ({ $office })
digest-line-opinion-due = • Opinion due by { $date }: case { $registry } ({ $office })
escalation-opinion = Reminder: { $office } did not give by { $date } the opinion asked on case { $registry }.
escalation-legal = Reminder: case { $registry } ({ $subject }) is past its legal deadline of { $date }.
notification-mail-subject = URP notification – { $ente }
notification-mail-digest-subject = URP daily summary – { $ente }

## Errors
routing-err-not-in-office = The chosen referent does not belong to the office.
routing-err-same-office = The case is already routed to this office.
routing-err-empty-alternative = Keywords: there is an empty alternative between two commas.
routing-err-wildcard = Keywords: the asterisk may only end a word.
routing-err-short-prefix = Keywords: at least three letters are needed before the asterisk.
routing-err-character = Keywords: use only letters, digits, spaces, commas, apostrophes, hyphens and a final asterisk.
routing-err-too-long = Keywords: at most 50 alternatives.
routing-err-days = Enter a number of days between 1 and 365, or leave it empty.
routing-err-distance = Enter a distance between 10 and 50000 metres, or leave it empty.
merge-err-self = A case cannot be merged into itself.
merge-err-unknown = No case of this ente has that number.
merge-err-closed-source = Only an open case can be merged into another.
merge-err-closed = The main case is closed: choose an open one.
merge-err-chain = Merge not possible: the main case is itself merged into another, or other cases are merged into this one.
merge-err-not-merged = This case is not merged into any other.

## Case page
routing-panel-title = Routing and internal communication
routing-assignee = Referent in charge
routing-take = Assign it to me
routing-follow = Follow the case
routing-unfollow = Stop following
routing-route = Route to an office
routing-reroute = Re-route
routing-referent = Referent (optional)
routing-referent-any = All the office's referents
routing-reason = Reason
routing-reason-help = Required when the case moves to another office.
routing-route-submit = Route
opinion-ask = Ask for an internal opinion
opinion-office = Office
opinion-question = Question
opinion-question-help = The internal term is 15 days unless the ente or the office sets another.
opinion-ask-submit = Ask for the opinion
opinion-list = Internal opinions
opinion-due = due by
opinion-answered = Answer of
opinion-answer = Opinion
opinion-answer-submit = Send the opinion to the URP
opinion-waiting = Waiting for the opinion.
proposal-pending = Reply proposed by the office
proposal-decision-text = Final text or remarks
proposal-decision-help = To validate: leave empty to send the proposed text, or write the corrected text. To return: write your remarks.
proposal-approve = Validate and send to the citizen
proposal-return = Return to the office
proposal-title = Hand back to the URP with a proposed reply
proposal-text = Proposed reply to the citizen
proposal-help = The URP validates it before it reaches the citizen.
proposal-submit = Send the proposal to the URP
duplicates-title = Possible open duplicates
duplicates-similarity = similarity
merge-merged-into = This case is merged, as a duplicate, into case
merge-merged-here = Cases merged into this one
merge-undo = Undo the merge
merge-into = Merge as a duplicate into case no.
merge-into-help = Registry number of the main case, e.g. 2026/0000012. This case will be closed as a duplicate and its citizen will receive the main case's replies.
merge-submit = Merge

## My office
office-queue-cases = My office's cases
office-queue-mine = mine
office-queue-asked = Opinions asked of my office
office-queue-asked-none = No opinion to give.

## Who is waiting for whom
waiting-intro = Open cases by who has to make the next move, and for how many days.
waiting-totals = Totals per party
waiting-cases = Open cases
waiting-party = Waiting for
waiting-count = Cases
waiting-oldest = Longest wait (days)
waiting-days = Days waiting
waiting-none = No open case.
waiting-party-citizen = Citizen (additions)
waiting-party-urp = URP
waiting-party-office = Office

## Notifications
notifications-unread = { $count ->
    [0] No unread notifications.
    [one] 1 unread notification.
   *[other] { $count } unread notifications.
}
notifications-read-all = Mark all as read
notifications-new = new
notifications-open-case = Open the case
notifications-mark-read = Mark as read
notifications-none = No notifications.
notification-prefs-intro = For each kind of event choose whether to be told at once (in the application and by e-mail), in the daily summary at 7:00, or not at all.
notify-kind-routed = Case routed to my office or to me
notify-kind-opinion_requested = Opinion asked of my office
notify-kind-opinion_answered = Opinion given on a case I follow
notify-kind-reply_proposed = Proposed reply to validate
notify-kind-reply_decided = My proposal validated or returned
notify-kind-mention = Mention in a note
notify-kind-note = Note on a case I follow
notify-kind-escalation = Reminders of passed deadlines
notify-mode-now = At once
notify-mode-digest = In the daily summary
notify-mode-off = Never

## Routing rules
routing-rules-intro = New cases without an office go to the office of the first rule that matches, in the order of the table. Conditions left empty hold for every case.
routing-rules-list = Rules, in the order they are tried
routing-rules-none = No rules: new cases wait for the URP to route them.
routing-position = Order
routing-label-name = Rule name
routing-conditions = Conditions
routing-actions = Actions
routing-up = Up
routing-down = Down
routing-delete = Delete
routing-any-case = every case
routing-new-rule = New rule
routing-target-office = Destination office
routing-label-service = Service
routing-label-keywords = Keywords
routing-keywords-help = Alternatives separated by commas; an alternative may have several words, all required. Case, accents and plurals do not matter; a final asterisk matches the start of a word. Example: buca, manto stradale, marciapied*
routing-sample = Sample text
routing-sample-help = Write the subject and description of a typical report and press “Try”: the rule is not saved.
routing-try = Try
routing-save-rule = Save the rule
routing-trial-this-rule = this rule
routing-trial-match = The case would go to { $office } (rule “{ $rule }”).
routing-trial-none = No rule matches: the case would wait to be routed.
routing-settings = Internal terms and duplicates
routing-opinion-days = Internal term of opinions (days)
routing-opinion-days-help = Empty: 15 days.
routing-distance = Distance for duplicates (metres)
routing-distance-help = Two placed reports may be duplicates only within this distance. Empty: 300 metres.
routing-offices = Settings per office
routing-office-days = Internal term (days)
routing-validate = Replies validated by the URP
routing-head = Head to remind
routing-head-none = The office's referents
field-sample = Sample text
field-opinion_days = Internal term
field-distance = Distance
field-route = Routing
field-question = Question
field-proposal = Proposal
field-decision = Decision
field-merge = Merge
field-offices = Settings per office
