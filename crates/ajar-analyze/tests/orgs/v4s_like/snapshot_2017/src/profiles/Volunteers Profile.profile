<?xml version="1.0" encoding="UTF-8"?>
<Profile xmlns="http://soap.sforce.com/2006/04/metadata">
    <custom>true</custom>
    <userLicense>Guest User License</userLicense>
    <pageAccesses>
        <enabled>true</enabled>
        <apexPage>VolunteersSignup</apexPage>
    </pageAccesses>
</Profile>
