//! Apex classes and Visualforce pages with their meta files (formats.md §1.1, §1.7).
//!
//! `ApplicationFormController` is `without sharing` (it inserts in system mode and checks for a
//! previous application by phone number); `ApplicationStatusController` is `with sharing`, so
//! what it shows a guest is what the guest can read: the applications its user owns.

use super::State;

const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
const NS: &str = "xmlns=\"http://soap.sforce.com/2006/04/metadata\"";

const FORM: &str = "public without sharing class ApplicationFormController {
    public String applicantName { get; set; }
    public String phone { get; set; }
    public String emoneyNumber { get; set; }
    public String deviceType { get; set; }

    public PageReference submit() {
        List<Balance_Transfer_Application__c> previous = [
            SELECT Id
            FROM Balance_Transfer_Application__c
            WHERE Broken_Device_Phone__c = :phone
            LIMIT 1
        ];
        Balance_Transfer_Application__c application = new Balance_Transfer_Application__c(
            Applicant_Name__c = applicantName,
            Broken_Device_Phone__c = phone,
            Emoney_Number__c = emoneyNumber,
            Device_Type__c = deviceType,
            Channel__c = 'Web',
            Status__c = 'Received'
        );
        insert application;
        PageReference next = Page.ApplicationStatus;
        next.getParameters().put('id', application.Id);
        next.setRedirect(true);
        return next;
    }
}
";

const STATUS: &str = "public with sharing class ApplicationStatusController {
    public Balance_Transfer_Application__c application { get; private set; }

    public ApplicationStatusController() {
        Id recordId = ApexPages.currentPage().getParameters().get('id');
        List<Balance_Transfer_Application__c> rows = [
            SELECT Id, Name, Applicant_Name__c, Broken_Device_Phone__c, Emoney_Number__c,
                Device_Type__c, Status__c
            FROM Balance_Transfer_Application__c
            WHERE Id = :recordId
            LIMIT 1
        ];
        application = rows.isEmpty() ? null : rows[0];
    }
}
";

const BATCH: &str = "public with sharing class ApplicationReminderBatch implements Database.Batchable<SObject>, Schedulable {
    public Database.QueryLocator start(Database.BatchableContext context) {
        return Database.getQueryLocator([
            SELECT Id, Status__c
            FROM Balance_Transfer_Application__c
            WHERE Status__c = 'Received' AND CreatedDate < LAST_N_DAYS:7
        ]);
    }

    public void execute(Database.BatchableContext context, List<Balance_Transfer_Application__c> scope) {
        for (Balance_Transfer_Application__c application : scope) {
            application.Status__c = 'Processing';
        }
        update scope;
    }

    public void finish(Database.BatchableContext context) {}

    public void execute(SchedulableContext context) {
        Database.executeBatch(new ApplicationReminderBatch());
    }
}
";

const FORM_PAGE: &str = "<apex:page controller=\"ApplicationFormController\" showHeader=\"false\" sidebar=\"false\" title=\"Balance transfer application\">
    <apex:form>
        <apex:inputText value=\"{!applicantName}\" label=\"Name\"/>
        <apex:inputText value=\"{!phone}\" label=\"Phone number of the broken device\"/>
        <apex:inputText value=\"{!emoneyNumber}\" label=\"E-money number\"/>
        <apex:inputText value=\"{!deviceType}\" label=\"Device type\"/>
        <apex:commandButton action=\"{!submit}\" value=\"Submit\"/>
    </apex:form>
</apex:page>
";

const STATUS_PAGE: &str = "<apex:page controller=\"ApplicationStatusController\" showHeader=\"false\" sidebar=\"false\" title=\"Application status\">
    <apex:outputPanel rendered=\"{!application != null}\">
        <apex:outputText value=\"{!application.Name}\"/>
        <apex:outputText value=\"{!application.Applicant_Name__c}\"/>
        <apex:outputText value=\"{!application.Broken_Device_Phone__c}\"/>
        <apex:outputText value=\"{!application.Emoney_Number__c}\"/>
        <apex:outputText value=\"{!application.Status__c}\"/>
    </apex:outputPanel>
</apex:page>
";

pub(super) fn classes(state: &State) -> Vec<(&'static str, String)> {
    let mut v = Vec::new();
    if state.site {
        v.push(("ApplicationFormController", FORM.to_string()));
    }
    if state.status {
        v.push(("ApplicationStatusController", STATUS.to_string()));
    }
    if state.batch {
        v.push(("ApplicationReminderBatch", BATCH.to_string()));
    }
    v
}

pub(super) fn pages(state: &State) -> Vec<(&'static str, String)> {
    let mut v = Vec::new();
    if state.site {
        v.push(("ApplicationForm", FORM_PAGE.to_string()));
    }
    if state.status {
        v.push(("ApplicationStatus", STATUS_PAGE.to_string()));
    }
    v
}

pub(super) fn class_meta(state: &State) -> String {
    format!(
        "{HEAD}<ApexClass {NS}>\n    <apiVersion>{}</apiVersion>\n    <status>Active</status>\n</ApexClass>\n",
        state.api
    )
}

pub(super) fn page_meta(state: &State, name: &str) -> String {
    format!(
        "{HEAD}<ApexPage {NS}>\n    <apiVersion>{}</apiVersion>\n    <availableInTouch>false</availableInTouch>\n    <confirmationTokenRequired>false</confirmationTokenRequired>\n    <label>{name}</label>\n</ApexPage>\n",
        state.api
    )
}
