//! The one place that decides who may do what. Handlers ask `Actor::may`; they never look at
//! roles themselves, so a rule changes here and nowhere else.

use crate::{OfficeId, Role, TenantId, UserId};
use serde::{Deserialize, Serialize};

/// A signed-in staff member, as far as permissions are concerned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: UserId,
    pub tenant_id: TenantId,
    pub roles: Vec<Role>,
    pub offices: Vec<OfficeId>,
}

/// Everything a staff member can ask to do, at the granularity the policy needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See the staff area at all (home page, own profile).
    UseStaffArea,
    ChangeOwnPassword,
    /// Edit the ente: name, IPA code, host names, patron saint's day, logo.
    ManageTenant,
    ManageUsers,
    /// Create, rename and remove offices.
    ManageOffices,
    /// Keep an office's public details current (opening hours, contacts, competences).
    EditOfficeDetails(OfficeId),
    ManageTopics,
    ManageChannels,
    /// Open the case queue (what it lists depends on `ViewCase`).
    ViewCaseQueue,
    /// Read one case handled by `office` (None: not routed yet), internal notes included.
    ViewCase {
        office: Option<OfficeId>,
    },
    /// Move a case through its lifecycle, reply to the citizen, write internal notes.
    WorkCase {
        office: Option<OfficeId>,
    },
    /// Open a case on a citizen's behalf (counter, phone, e-mail, PEC, letter, social).
    CreateCaseForCitizen,
    /// Set the terms per kind of case and the ente's extra closing days.
    ManageCaseSettings,
    /// Keep the service catalogue and the forms library (drafts included); the public reads
    /// only what is published, without any action.
    ManageCatalogue,
    /// Route or re-route a case to an office (and a referent), ask offices for internal
    /// opinions, validate the replies offices propose, merge duplicates: the URP's moves.
    RouteCase,
    /// Read a case whose office is another one because `office` was asked for an opinion.
    ReadAskedCase {
        office: OfficeId,
    },
    /// Answer an internal request addressed to `office`.
    AnswerOpinion {
        office: OfficeId,
    },
    /// Keep the automatic routing rules and the internal-deadline settings.
    ManageRouting,
    /// See the "who is waiting for whom" overview.
    ViewFlow,
}

impl Actor {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn belongs_to(&self, office: OfficeId) -> bool {
        self.offices.contains(&office)
    }

    fn referent_of(&self, office: Option<OfficeId>) -> bool {
        self.has(Role::Referent) && office.is_some_and(|o| self.belongs_to(o))
    }

    pub fn may(&self, action: Action) -> bool {
        use Role::*;
        if self.roles.is_empty() {
            // An account stripped of every role keeps nothing, not even the staff home.
            return false;
        }
        match action {
            Action::UseStaffArea | Action::ChangeOwnPassword => true,
            Action::ManageTenant | Action::ManageUsers | Action::ManageOffices => self.has(Admin),
            Action::ManageChannels => self.has(Admin),
            Action::ManageTopics => self.has(Admin) || self.has(Manager) || self.has(BackOffice),
            // The URP (front office, manager) sees and works every case; a referent the cases
            // routed to their own office; the administrator reads them for support.
            Action::ViewCaseQueue => {
                self.has(Admin) || self.has(Manager) || self.has(FrontOffice) || self.has(Referent)
            }
            Action::ViewCase { office } => {
                self.has(Admin) || self.has(Manager) || self.has(FrontOffice) || self.referent_of(office)
            }
            Action::WorkCase { office } => self.has(Manager) || self.has(FrontOffice) || self.referent_of(office),
            Action::CreateCaseForCitizen => self.has(Manager) || self.has(FrontOffice),
            // The URP manager runs the office's settings; the administrator configures the ente.
            Action::ManageCaseSettings => self.has(Admin) || self.has(Manager),
            // Content is the back office's job, under the URP manager.
            Action::ManageCatalogue => self.has(Manager) || self.has(BackOffice),
            Action::RouteCase => self.has(Manager) || self.has(FrontOffice),
            Action::ReadAskedCase { office } | Action::AnswerOpinion { office } => {
                self.has(Manager) || self.has(FrontOffice) || self.referent_of(Some(office))
            }
            Action::ManageRouting => self.has(Admin) || self.has(Manager),
            Action::ViewFlow => self.has(Manager) || self.has(FrontOffice),
            Action::EditOfficeDetails(office) => {
                self.has(Admin) || self.has(Manager) || (self.has(Referent) && self.belongs_to(office))
            }
        }
    }

    /// Whether this actor may give `target` the roles `new_roles`. Admins may set any roles,
    /// but never take the admin role away from themselves: that is how an ente locks itself
    /// out of its own settings.
    pub fn may_set_roles(&self, target: UserId, new_roles: &[Role]) -> Result<(), RoleChangeRefused> {
        if !self.may(Action::ManageUsers) {
            return Err(RoleChangeRefused::NotAllowed);
        }
        if target == self.user_id && !new_roles.contains(&Role::Admin) {
            return Err(RoleChangeRefused::WouldDropOwnAdmin);
        }
        Ok(())
    }

    /// The role whose home page this actor sees first: the most encompassing one they hold.
    pub fn primary_role(&self) -> Option<Role> {
        Role::ALL.into_iter().find(|r| self.has(*r))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RoleChangeRefused {
    #[error("not allowed to manage users")]
    NotAllowed,
    #[error("an administrator cannot remove their own administrator role")]
    WouldDropOwnAdmin,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(roles: &[Role], offices: &[i64]) -> Actor {
        Actor {
            user_id: UserId(1),
            tenant_id: TenantId(1),
            roles: roles.to_vec(),
            offices: offices.iter().map(|o| OfficeId(*o)).collect(),
        }
    }

    #[test]
    fn only_admin_manages_tenant_users_offices_channels() {
        for role in Role::ALL {
            let a = actor(&[role], &[]);
            let admin = role == Role::Admin;
            assert_eq!(a.may(Action::ManageTenant), admin, "{role}");
            assert_eq!(a.may(Action::ManageUsers), admin, "{role}");
            assert_eq!(a.may(Action::ManageOffices), admin, "{role}");
            assert_eq!(a.may(Action::ManageChannels), admin, "{role}");
        }
    }

    #[test]
    fn every_role_uses_staff_area_and_changes_own_password() {
        for role in Role::ALL {
            let a = actor(&[role], &[]);
            assert!(a.may(Action::UseStaffArea));
            assert!(a.may(Action::ChangeOwnPassword));
        }
    }

    #[test]
    fn no_roles_means_nothing() {
        let a = actor(&[], &[1]);
        assert!(!a.may(Action::UseStaffArea));
        assert!(!a.may(Action::EditOfficeDetails(OfficeId(1))));
    }

    #[test]
    fn topics_belong_to_content_roles() {
        assert!(actor(&[Role::BackOffice], &[]).may(Action::ManageTopics));
        assert!(actor(&[Role::Manager], &[]).may(Action::ManageTopics));
        assert!(!actor(&[Role::FrontOffice], &[]).may(Action::ManageTopics));
        assert!(!actor(&[Role::Referent], &[1]).may(Action::ManageTopics));
    }

    #[test]
    fn referent_edits_only_own_office_details() {
        let r = actor(&[Role::Referent], &[7]);
        assert!(r.may(Action::EditOfficeDetails(OfficeId(7))));
        assert!(!r.may(Action::EditOfficeDetails(OfficeId(8))));
        // Membership alone is not a permission: a front-office operator of office 7 cannot.
        let f = actor(&[Role::FrontOffice], &[7]);
        assert!(!f.may(Action::EditOfficeDetails(OfficeId(7))));
        assert!(actor(&[Role::Manager], &[]).may(Action::EditOfficeDetails(OfficeId(8))));
    }

    #[test]
    fn cases_are_seen_and_worked_by_the_urp_and_the_office_referents() {
        let front = actor(&[Role::FrontOffice], &[]);
        let manager = actor(&[Role::Manager], &[]);
        let referent = actor(&[Role::Referent], &[7]);
        let back = actor(&[Role::BackOffice], &[7]);
        let admin = actor(&[Role::Admin], &[]);
        for o in [None, Some(OfficeId(7)), Some(OfficeId(8))] {
            assert!(front.may(Action::ViewCase { office: o }) && front.may(Action::WorkCase { office: o }));
            assert!(manager.may(Action::ViewCase { office: o }) && manager.may(Action::WorkCase { office: o }));
            assert!(admin.may(Action::ViewCase { office: o }) && !admin.may(Action::WorkCase { office: o }));
            assert!(!back.may(Action::ViewCase { office: o }));
        }
        assert!(referent.may(Action::ViewCase { office: Some(OfficeId(7)) }));
        assert!(referent.may(Action::WorkCase { office: Some(OfficeId(7)) }));
        assert!(!referent.may(Action::ViewCase { office: Some(OfficeId(8)) }));
        assert!(!referent.may(Action::ViewCase { office: None }));
        assert!(referent.may(Action::ViewCaseQueue) && !back.may(Action::ViewCaseQueue));
        assert!(front.may(Action::CreateCaseForCitizen) && !referent.may(Action::CreateCaseForCitizen));
    }

    #[test]
    fn the_catalogue_belongs_to_the_back_office_and_the_manager() {
        for role in Role::ALL {
            let expected = matches!(role, Role::Manager | Role::BackOffice);
            assert_eq!(actor(&[role], &[1]).may(Action::ManageCatalogue), expected, "{role}");
        }
    }

    #[test]
    fn routing_is_the_urps_and_answers_belong_to_the_office_asked() {
        let front = actor(&[Role::FrontOffice], &[]);
        let manager = actor(&[Role::Manager], &[]);
        let referent = actor(&[Role::Referent], &[7]);
        let back = actor(&[Role::BackOffice], &[7]);
        let admin = actor(&[Role::Admin], &[]);
        assert!(front.may(Action::RouteCase) && manager.may(Action::RouteCase));
        assert!(!referent.may(Action::RouteCase) && !back.may(Action::RouteCase) && !admin.may(Action::RouteCase));
        for a in [Action::ReadAskedCase { office: OfficeId(7) }, Action::AnswerOpinion { office: OfficeId(7) }] {
            assert!(referent.may(a) && front.may(a) && manager.may(a));
            assert!(!back.may(a) && !admin.may(a));
        }
        assert!(!referent.may(Action::AnswerOpinion { office: OfficeId(8) }));
        assert!(!referent.may(Action::ReadAskedCase { office: OfficeId(8) }));
        assert!(manager.may(Action::ManageRouting) && admin.may(Action::ManageRouting));
        assert!(!front.may(Action::ManageRouting) && !referent.may(Action::ManageRouting));
        assert!(front.may(Action::ViewFlow) && !referent.may(Action::ViewFlow));
    }

    #[test]
    fn admin_cannot_drop_own_admin_role() {
        let a = actor(&[Role::Admin], &[]);
        assert_eq!(a.may_set_roles(UserId(1), &[Role::Manager]), Err(RoleChangeRefused::WouldDropOwnAdmin));
        assert_eq!(a.may_set_roles(UserId(1), &[Role::Admin, Role::Manager]), Ok(()));
        assert_eq!(a.may_set_roles(UserId(2), &[Role::Referent]), Ok(()));
        let m = actor(&[Role::Manager], &[]);
        assert_eq!(m.may_set_roles(UserId(2), &[Role::Referent]), Err(RoleChangeRefused::NotAllowed));
    }

    #[test]
    fn primary_role_prefers_admin() {
        assert_eq!(actor(&[Role::Referent, Role::Admin], &[]).primary_role(), Some(Role::Admin));
        assert_eq!(actor(&[Role::Referent], &[]).primary_role(), Some(Role::Referent));
        assert_eq!(actor(&[], &[]).primary_role(), None);
    }
}
