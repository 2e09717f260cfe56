//! One pattern for every form's refusal: a summary at the top of the form that names what
//! was wrong and links to each faulty field, and beside each faulty field its message,
//! with `aria-invalid` and `aria-describedby` pointing at it. The templates draw it with
//! the macros `error_summary`, `invalid` and `field_error` of `macros.html`;
//! `pendulum.js` moves focus to the summary when a page arrives with one.
//!
//! A form's fields have the ids `{form}-{field}` (underscores of the field's name become
//! hyphens, and a name that starts with the form's is not repeated: `manager_email` of the
//! `manager` form is `manager-email`), so that the summary
//! can link to them; the summary is `{form}-errors` and a field's message
//! `{form}-{field}-error`.

/// Why a submission was refused, for one form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormErrors {
    /// The form's id prefix: `record`, `manager`, `pay`…
    pub form: String,
    /// The refusal in a sentence, shown in the summary when no field is named.
    pub message: String,
    /// The faulty fields, each with its message, in the order of the form.
    pub fields: Vec<FieldError>,
    /// The summary's heading when nothing would have been saved anyway (a simulation):
    /// `None` says "Nothing was saved".
    pub title: Option<String>,
}

/// A faulty field and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The field's name in the form (`effective`).
    pub name: String,
    /// The id of its input (`record-effective`), which the summary links to.
    pub input: String,
    pub message: String,
}

impl FormErrors {
    /// A refusal of form `form` that names no field.
    pub fn new(form: &str, message: impl Into<String>) -> Self {
        Self {
            form: form.to_string(),
            message: message.into(),
            fields: Vec::new(),
            title: None,
        }
    }

    /// The same refusal under another heading than "Nothing was saved".
    #[must_use]
    pub fn titled(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// A refusal of form `form`: its message, at `field` when the server knows which
    /// field was wrong. `None` when there is no error.
    pub fn refusal(form: &str, message: Option<&str>, field: Option<&str>) -> Option<Self> {
        let message = message?;
        let errors = Self::new(form, message);
        Some(match field {
            Some(field) => errors.at(field, message),
            None => errors,
        })
    }

    /// The refusal with `field` marked faulty, and why.
    pub fn at(mut self, field: &str, message: impl Into<String>) -> Self {
        let input = self.input_id(field);
        self.fields.push(FieldError {
            name: field.to_string(),
            input,
            message: message.into(),
        });
        self
    }

    /// The id of the summary, which `pendulum.js` focuses.
    pub fn summary_id(&self) -> String {
        format!("{}-errors", self.form)
    }

    /// The id of `field`'s input in this form.
    pub fn input_id(&self, field: &str) -> String {
        let own = format!("{}_", self.form);
        let field = field.strip_prefix(&own).unwrap_or(field);
        format!("{}-{}", self.form, field.replace('_', "-"))
    }

    /// What is wrong with `field`, if it is faulty.
    pub fn message_for(&self, field: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.name == field)
            .map(|f| f.message.as_str())
    }

    /// Whether `field` is faulty.
    pub fn is_invalid(&self, field: &str) -> bool {
        self.message_for(field).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_error_links_to_its_input() {
        let e =
            FormErrors::refusal("manager", Some("No such person."), Some("manager_email")).unwrap();
        assert_eq!(e.fields[0].input, "manager-email");
        assert_eq!(e.input_id("effective"), "manager-effective");
        assert_eq!(e.message_for("manager_email"), Some("No such person."));
        assert!(!e.is_invalid("effective"));
        assert_eq!(e.summary_id(), "manager-errors");
        assert!(FormErrors::refusal("pay", None, Some("amount")).is_none());
    }
}
