"""Woolwich Polytechnic School for Boys (Greenwich): its attendance policy, 2024.

From the school's policy in the seeds (003_71f058233a19cb89.txt), in the
school's own words. Cleaned of conversion artefacts only: stray ``**`` after
list items, list numbers typed into the text, lines split by page breaks, and
the lateness table flattened into one line. Spelling and figures are as the
school wrote them. The policy gives months, not days, for its dates.

The policy names its attendance staff but gives no phone numbers or email
addresses, so none are shown: parents report absences through Studybugs, as
the policy says. It has no escalation-of-support appendix, so the page keeps
the default drawn from the DfE's stages of support. Annex A, the DfE's summary
table of responsibilities, is linked rather than copied.
"""

from datetime import date, time

from demo.policies_common import (
    Contact,
    Linked,
    SchoolPolicy,
    bullets,
    h3,
    numbered,
    p,
    section,
    table,
)

CONTACTS = (
    Contact(
        "Senior Attendance Champion, responsible for the strategic approach to "
        "attendance",
        "Ms D Kouame",
    ),
    Contact("Attendance Officer", "Ms Ly Nguyen"),
    Contact(
        "Local authority attendance service",
        "Attendance Advisory Service, Royal Borough of Greenwich",
    ),
)

INTRODUCTION = (
    "<p>Woolwich Polytechnic School for Boys is committed to promoting the "
    "welfare of each child through regular attendance. Every day lost to "
    "education can have a serious impact on a child's attainment and overall "
    "progress in school. The aim of this policy, therefore, is to encourage the "
    "highest possible levels of attendance for individual student within the "
    "school. Regular and punctual attendance at school is a legal requirement and "
    "it is also essential in order to maximise chances of success. There is clear "
    "evidence showing strong links between excellent GCSE results and excellent "
    "attendance.</p>"
    "<p>To achieve this, all members of our school community have an important "
    "contribution to make.</p>"
    "<p>School attendance is subject to various education laws and this School "
    "Attendance Policy is written to reflect these laws and the guidance produced "
    "by the Department for Education.</p>"
)

ABSENCE_HOW = (
    "<p>Parents should:</p>"
    "<ul><li>Contact the school every day via study bugs for a child's "
    "absence.</li>"
    "<li>Contact the school if your child is struggling to come to school on a "
    "regular basis for support.</li>"
    "<li>On student's return to School, provide evidence of the reason for "
    "absence (if the Tutor or Head of Year are not satisfied with the explanation "
    "offered, parents can be asked to provide medical evidence to support the "
    "reasons given).</li></ul>"
    "<p>For any student not registered in the school after close of morning "
    "registration an absence text notification will be issued to parents/carers "
    "via study bugs.</p>"
    "<p>Please Note: If your child is not seen and contact has not been "
    "established with you any of the named parent/carers after three days of "
    "absence the school is required to start a 'Child Missing Education (CME)' "
    "procedures as set down by Borough.</p>"
)

LEAVE_HOW = (
    "<p>Holidays should not be taken in School time as this disrupts the learning "
    "of a child. Term time holidays will be marked as unauthorized, unless an "
    "<i>exceptional circumstance</i> occurs, in which the parent/guardian can "
    "request a Leave of Absence to be approved by the Headteacher.</p>"
    "<p>Only the headteacher or his designate (not the local authority) may "
    "authorise such a request and all applications for a leave of absence must be "
    "made in writing, in advance, on the prescribed form provided by the school. "
    "Where a parent removes a child after their application for leave was refused "
    "or where no application was made to the school, the absence will be recorded "
    "as unauthorised. It is likely that penalty notices will be requested, in line "
    "with the National Framework and Royal Greenwich Code of Conduct, in respect "
    "of each parent believed to have allowed the absence.</p>"
    "<p>Make every effort to ensure that medical and dental appointments are made "
    "out of School hours or during holidays. If this is unavoidable, the School "
    "should be informed in advance.</p>"
)

LATENESS_TABLE = table(
    "Sanctions for lateness",
    ["Number of lates", "Frequency", "Action"],
    [
        ["3", "Per Week", "1 hour detention"],
        ["5", "In a Half Term", "Tutor meeting"],
        ["10", "In a Half Term", "HOY meeting"],
        ["15", "In a Half Term", "AAO and HOY meeting"],
        ["20+", "In a Half Term", "Referral to RBG AAS"],
    ],
    first_column_is_header=True,
)

SECTIONS = [
    section(
        "Rationale",
        p(
            "Woolwich Polytechnic School for Boys is committed to promoting the"
            " welfare of each child through regular School attendance. It is "
            "our duty to consistently strive to achieve a goal of 100% "
            "attendance for all children."
        ),
        p(
            "We are therefore fully committed to promoting School attendance by"
            " providing an environment and ethos where children feel safe and "
            "can build positive relationships with their peers and School "
            "staff. In return, we expect parents to ensure that their child "
            "attends School regularly and punctually and that no holidays are "
            "taken in term time."
        ),
    ),
    section(
        "Why Attendance is so important",
        bullets(
            (
                "Statistics show a direct link between under-achievement and "
                "absence below 95%"
            ),
            (
                "Regular attenders make better progress; personally, socially "
                "and academically"
            ),
            (
                "Regular attenders find routines, school work and friendships "
                "easier to cope with"
            ),
            "Regular attenders find learning more satisfying",
            (
                "Regular attenders are more successful in transferring between "
                "primary, secondary, and higher education, employment or "
                "training"
            ),
        ),
        p(
            "Ensuring your child's regular attendance at School is the parents'"
            " legal responsibility. Permitting absence from School without a "
            "good reason creates an offence in law and may result in "
            "prosecution. Persistent punctuality issues will be dealt with "
            "according to this Attendance Policy."
        ),
        p(
            "Our priority is supporting your children to access school every "
            "day, ensuring they have the reasonable adjustments, interventions "
            "and early help to engage in their learning."
        ),
        p(
            "If your child is finding attending school difficult, is feeling "
            "anxious about attending school, or needs help to access their "
            "education, speak to your child's Head of Year or Deputy Head of "
            "Year and we will discuss support available for your child."
        ),
    ),
    section(
        "Safeguarding",
        p(
            "Your child may be at risk of harm if they do not attend School "
            "regularly. The School will provide support and advice as "
            "appropriate with any attendance concerns as they arise and beyond."
            " Failure to attend School on a regular basis will be regarded as a"
            " safeguarding matter and could lead to a referral to Children's "
            "Services being made and the Inclusion Office being alerted."
        ),
        p(
            "It is imperative to the school that our students are seen "
            "regularly by professionals, home visits may be carried out by "
            "members of the WPSfB team or the School's Police Officer."
        ),
    ),
    section(
        "Promoting Good Attendance",
        p(
            "We aim to take a proactive, positive role to promoting good "
            "attendance. A system of rewards and personal monitoring has been "
            "established and may include the measures outlined below:"
        ),
        bullets(
            (
                "Certificates/prizes presented in assembly to the Form Group "
                "with the highest attendance."
            ),
            (
                "Additional rewards for individuals with excellent attendance "
                "and punctuality."
            ),
            "Letters sent home to celebrate improved attendance.",
        ),
    ),
    section(
        "Authorised Absence",
        p("Absence may be authorised in the following circumstances:"),
        bullets(
            "Illness",
            (
                "Medical or dental appointment (although these should be "
                "avoided in school time if possible)"
            ),
            "A day set aside for religious observance",
            (
                "Approved work experience organised by the school (recorded as "
                "a 'present' mark)"
            ),
            "Absence following the death of a close family member",
        ),
        p(
            "Only the School can decide whether to accept the reason provided "
            "by the parent for absence and therefore whether to authorise it."
        ),
    ),
    section(
        "Unauthorised Absence",
        p(
            "This is deemed to be absence from School for any period as a "
            "result of premeditated or spontaneous act by the students or "
            "parent or both. This includes parentally condoned absence. Any "
            "absence not listed above will be treated as unauthorised. "
            "Particularly, but not limited to:"
        ),
        bullets(
            (
                "Family work patterns (shift work or occasional holidays) or "
                "the responsibility of looking after a sibling"
            ),
            "A student's birthday",
            "Non-medical appointments",
            "Child in paid work before the age of 16",
            "Absences which have not been properly explained",
        ),
    ),
    section(
        "Holidays in Term Time",
        p(
            "Holidays should not be taken in School time as this disrupts the "
            "learning of a child. Term time holidays will be marked as "
            "unauthorized, unless an <i>exceptional circumstance</i> occurs, in"
            " which the parent/guardian can request a Leave of Absence to be "
            "approved by the Headteacher."
        ),
    ),
    section(
        "Registration",
        p(
            "The register is a legal document and it is the responsibility of "
            "the Teacher to ensure that students are registered for the morning "
            "and afternoon session "
            "(registration). All students must be registered in every lesson "
            "using the school system. Students must not mark the register "
            "themselves."
        ),
    ),
    section(
        "Punctuality",
        bullets(
            (
                "Punctuality is important; poor punctuality disrupts the "
                "learning of peers and learning time which cannot be regained."
            ),
            "Sanctions for lateness are set out as follows:",
        ),
        LATENESS_TABLE,
        bullets(
            (
                "Resets will be set to address punctuality issues where "
                "reasons, preventions and interventions will be explored to "
                "prevent persistent lateness."
            ),
            "Students will be marked late if not in their tutor group.",
            (
                "Parents will be contacted by letter or email at the end of a "
                "week where a student has been repeatedly late to School or "
                "lessons, parents can also view their child's attendance to "
                "lessons via MCAS app. A Child's absence to school can be "
                "monitored through studybugs, alerts will also be sent via the "
                "app."
            ),
        ),
    ),
    section(
        "Absence Procedures",
        h3("Students"),
        bullets(
            (
                "Students should arrive on site by 8.35am in either their form "
                "room or assembly in time for registration at 8.40am."
            ),
            (
                "Students arriving late must go to reception to be registered "
                "by the receptionist before going to their registration time or"
                " timetabled lesson."
            ),
            (
                "For any student not registered in the school after close of "
                "morning registration an absence text notification will be "
                "issued to parents/carers via study bugs."
            ),
        ),
        h3("Parents"),
        p(
            "Section 7 of the 1996 Education Act requires parents of children "
            "of compulsory age to ensure their children's' full-time education."
            " Parents/carers are responsible for ensuring that their children "
            "attend regularly and on time."
        ),
        p("Parents should:"),
        bullets(
            ("Contact the school every day via study bugs for a child's absence."),
            (
                "Contact the school if your child is struggling to come to "
                "school on a regular basis for support."
            ),
            (
                "On student's return to School, provide evidence of the reason "
                "for absence (if the Tutor or Head of Year are not satisfied "
                "with the explanation offered, parents can be asked to provide "
                "medical evidence to support the reasons given)."
            ),
            (
                "Make every effort to ensure that medical and dental "
                "appointments are made out of School hours or during holidays. "
                "If this is unavoidable, the School should be informed in "
                "advance."
            ),
        ),
    ),
    section(
        "Spotting early signs",
        p(
            "You know your child best, if your child starts to have regular "
            "reasons to not attend school - speak to the school and we will do "
            "what we can to support. If there is financial support needed and "
            "students are eligible, we will explore the Sir William Boreman's "
            "Fund to support contextual absences."
        ),
        p("Things to look out for:"),
        bullets(
            "Headaches/nausea/stomach pain - could be linked to anxiety.",
            "Patterns of the same day of the week absent",
            "Forgetting/losing items e.g., blazer or tie regularly",
            "Difficulty sleeping",
        ),
        p("What may help:"),
        bullets(
            (
                "Children of all ages find routines reassuring, so try to stick"
                " to regular daily routines where possible."
            ),
            "Talk/write/draw through any concerns they may have.",
        ),
        p(
            "There are multiple ways to keep in communication with the school "
            "to express any concerns you may have about your child(ren), MCAS, "
            "email, phone and your child's contact book."
        ),
        p(
            "Please Note: If your child is not seen and contact has not been "
            "established with you any of the named parent/carers after three "
            "days of absence the school is required to start a 'Child Missing "
            "Education (CME)' procedures as set down by Borough."
        ),
        p(
            "We have a legal duty to report the absence of any students who is "
            "absent without an explanation for 10 consecutive days. If the "
            "child is not seen and contact has not been established with the "
            "named parent/carer then the Local Authority is notified that the "
            "child is 'at risk of missing'. Children's Services Staff will "
            "visit the last known address and alert key services to locate the "
            "child. So, help us to help you and your child by making sure we "
            "always have an up to date contact number."
        ),
        p(
            "Any child who is absent from school for more than 20 days without "
            "reason, has taken an unauthorised holiday for more than 20 days, "
            "has left school without completing a Leavers Form and has failed to "
            "supply the school with copies of "
            "travel documents, will be reported as a Child Missing Education. "
            "The borough will be notified of this and they will investigate "
            "further. We will make all reasonable enquires to establish contact"
            " with parents and the child including making enquires to known "
            "friends, wider family."
        ),
    ),
    section(
        "Monitoring Attendance and Support",
        bullets(
            (
                "Regular monitoring of attendance ensures that any unexplained "
                "sudden absence or suspect patterns of regular absence are "
                "reported to the Head of Year concerned."
            ),
            (
                "Email and electronic communication via app may be used to "
                "inform parents of lateness and absence."
            ),
            ("Regular meetings with Head of Year and Attendance Officer will be held."),
            (
                "If the pattern of absences cause concern, the School will "
                "consider Early Help Intervention which could include a "
                "referral to the FaASS, holding a TAC meeting, involving the "
                "young person's nurse service or other appropriate external "
                "organisations. This may include home visits from staff or the "
                "school's Police Officer."
            ),
            (
                "Students who have attendance and/or punctuality that is a "
                "cause for concern will be placed on an Early Intervention & "
                "Support plan (EIS) to encourage improved attendance and/or "
                "punctuality. The EIS will outline support for the student "
                "and/or family as well as actions taken by the attendance "
                "service (including but not limited to letters, court warnings,"
                " pre-court conferences, court referrals and fixed penalty "
                "notices)."
            ),
            (
                "EIS will be unique to the student and family, based on the "
                "needs identified in the meetings mentioned above. However, "
                "they could include: referrals to outside agencies such as the "
                "Family and Adolescent Support Service (FaASS), referrals to in"
                " school support such as mentoring, counselling or Restart, "
                "involvement of the youth nurse service (Oxleas), revised "
                "timetable and consideration of support from the Mental Health "
                "in Schools Team if appropriate."
            ),
        ),
        p("Attendance data is used to:"),
        bullets(
            (
                "Improve School and student performance (benchmarking against "
                "other year groups in school as well as the National and local "
                "context)"
            ),
            (
                "Schools are required to submit student attendance data to the "
                "Department for Education daily."
            ),
            "Monitor progress towards School attendance targets.",
            "Identify patterns and causes of absence.",
            "Monitor post-registration and internal truancy.",
            (
                "Promote the importance of good attendance to students and "
                "their parents/carers."
            ),
            ("Intervene early when individual absence gives cause for concern."),
            "Develop support systems for vulnerable students.",
            (
                "Reward and celebrate good and improved attendance - through "
                "praise and the reward system."
            ),
        ),
    ),
    section(
        "Penalty Notices for Non-Attendance and other Legal Measures:",
        p(
            "In Education law, parents/carers are committing an offence if they"
            " fail to ensure the regular attendance of their child of "
            "compulsory school age at the school at which the child is "
            "registered, unless the absence has been authorised by the school."
        ),
        h3("Legal Measures for tackling persistent absence or lateness"),
        p(
            "Woolwich Polytechnic School and Greenwich Attendance Advisory will"
            " use the full range of legal measures to secure good attendance. "
            "Legal measures will be considered through a referral a referral to"
            " Greenwich Attendance Legal Panel where:"
        ),
        numbered(
            (
                "The child or family do not require the support from any "
                "agency to improve the attendance."
            ),
            (
                "The child has 10 or more sessions of unauthorised absence "
                "and parents are complicit in the child's absence."
            ),
        ),
        p(
            "The following legal measures are for pupils of compulsory school "
            "age who are registered at a school:"
        ),
        bullets(
            "Parenting contracts set at Education Planning Meetings",
            "Parenting orders",
            "Penalty Notices",
            "Educations Supervision Orders",
            "Prosecution",
        ),
        h3(
            "Legal Measures for absence taken when the Head Teacher has "
            "declined parent/carers request for leave of absence"
        ),
        p("Where a pupil has unauthorised absence due to either:"),
        numbered(
            "Non-approval of a parent/carer's request for leave of absence or",
            (
                "A holiday that has been taken without permission <i>and the"
                " unauthorised absence is for 10 or more sessions (5 "
                "days).</i>"
            ),
        ),
        p(
            "Where a child has <b>unauthorised absence</b>, the school must "
            "enforce Greenwich Attendance Advisory Service Code of Conduct for "
            "issuing Penalty Notices or follow its guidance on other Legal "
            "Measures for Non-Attendance."
        ),
        p(
            "If a child's has unauthorised absence meets any of the above "
            "criteria and the family or child do not require any agency support"
            " to improve the attendance, then a single Penalty Notice is issued"
            " for either:"
        ),
        numbered(
            ("10 sessions of unauthorised absence or lateness in any 10-week period"),
            (
                "1 or more sessions of unauthorised absence during a public "
                "exam, formal assessment of testing where dates are published "
                "in advance."
            ),
        ),
        h3("National Framework for Penalty Notices"),
        p(
            "There is now a single consistent national threshold for when a "
            "penalty notice must be considered by all schools in England, of 10"
            " sessions (usually equivalent to 5 school days) of unauthorised "
            "absence within a rolling 10 school week period. The 10 sessions of"
            " absence do not have to be consecutive and can be made up of a "
            "combination of any type of unauthorised absence (G, O and/or U "
            "coded within the school's registers). The 10 school week period "
            "can span different terms, school years or education settings."
        ),
        p(
            "Sanctions may include issuing each parent (for each child) with a "
            "Penalty Notice for:"
        ),
        bullets(
            ("£160, reduced to £80 if paid within 21 days (for the first offence)."),
            (
                "A second Penalty Notice issued within a three year period will"
                " result in a fine of £160 per parent, per child."
            ),
            (
                "If a third offence is committed the matter may be referred to "
                "the local authority for consideration of prosecution via the "
                "Magistrates Court."
            ),
            (
                "If prosecution is instigated for irregular school attendance, "
                "each parent may receive a fine of up to £2500 and/or up to 3 "
                "months in prison. If a parent is found guilty in court, they "
                "will also receive a criminal conviction."
            ),
        ),
        p(
            "There is no entitlement in law for students to take time off "
            "during the term to go on holiday or other absence for the purpose "
            "of leisure or recreation, or to take part in protest activity in "
            "school hours. In addition, the Supreme Court has ruled that the "
            "definition of regular school attendance is “in accordance with the"
            " rules prescribed by the school.”"
        ),
        p(
            "The School Attendance (Student Registration) (England) Regulations"
            " 2024 set out the statutory requirements for schools. All "
            "references to family holidays and extended leave have been "
            "removed. The amendments specify that headteachers may not grant "
            "any leave of absence during term time unless there are "
            '"<i>exceptional circumstances</i>" and they do not have any '
            "discretion to authorise up to ten days of absence each academic "
            "year."
        ),
        p(
            "Only the headteacher or his designate (not the local authority) "
            "may authorise such a request and all applications for a leave of "
            "absence must be made in writing, in advance, on the prescribed "
            "form provided by the school. The school will usually consider that"
            " the parent who has made the application is therefore allowing the"
            " leave of absence, and also that all parents who are on the "
            "holiday are allowing the leave. Where a parent removes a child "
            "after their application for leave was refused or where no "
            "application was made to the school, the absence will be recorded "
            "as unauthorised. It is likely that penalty notices will be "
            "requested, in line with the National Framework and Royal Greenwich"
            " Code of Conduct, in respect of each parent believed to have "
            "allowed the absence."
        ),
        p(
            "Parents and Carers will be warned of the likelihood of a penalty "
            "notice being issued for unauthorised absence either via a letter, "
            "through the leave of absence request form, or through the "
            "attendance policy and website. The penalty notice is a fine that "
            "is issued to each parent/carers who condoned (or was responsible "
            "for the child) during the period of unauthorised absence for which"
            " the fine has been issued. For each case of unauthorised absence, "
            "the school or Greenwich Attendance Advisory Service will decide "
            "whether a Penalty Notice is issued to one or more parent/carers "
            "for each child. N.B This could mean four penalty notices for a "
            "family with two siblings both with unauthorised absence for "
            "holiday i.e. one PN for each child to each parent"
        ),
        p(
            "Penalties are to be paid to Greenwich Council and revenue "
            "resulting from payment of Penalties is used by the Council to help"
            " cover the costs of issuing Penalty Notices and/or the cost of "
            "prosecuting recipients who do not pay."
        ),
        p(
            "The Government has given local education authorities and other "
            "designated bodies (including Head Teachers) the power to issue "
            "fixed penalty notices where parents or carers are considered "
            "capable of, but unwilling, to ensure their child attends "
            "regularly. The Anti-Social Behaviour Act introduced these "
            "additional powers in February 2004 in common with a number of "
            "other Greenwich schools."
        ),
    ),
    section(
        "Staff involved in attendance",
        bullets(
            (
                "The Senior Attendance Champion and responsible for the "
                "strategic approach to attendance in our Academy is Ms D Kouame"
            ),
            "The Attendance Officer for the school is Ms Ly Nguyen",
            (
                "All Heads and Deputy Heads of Year will also be directly "
                "involved in the monitoring of attendance and taking action "
                "with poor attendance."
            ),
            (
                "The school office and administrative staff will be involved in"
                " the logging and administration of attendance including the "
                "production of letters regarding attendance and punctuality."
            ),
            (
                "We also work with the Attendance Advisory Service at the Royal"
                " Borough of Greenwich."
            ),
        ),
    ),
]

POLICY = SchoolPolicy(
    school_key="woolwich",
    home_introduction=(
        "<p>Woolwich Polytechnic School for Boys' attendance policy, who to "
        "contact about attendance, and how to tell the school about an "
        "absence.</p>"
    ),
    title="School attendance policy",
    introduction=INTRODUCTION,
    # "Reviewed September 2024, Approved: November 2024, Revision due: July 2026"
    date_precision="month",
    last_reviewed=date(2024, 9, 1),
    date_of_issue=date(2024, 11, 1),
    review_date=date(2026, 7, 1),
    linked_policies=(
        Linked(
            "Annex A: DfE guidance Summary table of responsibilities for school "
            "attendance. From 19th August 2024",
            "https://assets.publishing.service.gov.uk/media/"
            "65e8ae343649a2001aed63aa/Summary_table_of_responsibilities_for_"
            "school_attendance_applies_from_19_August_2024_.pdf",
        ),
    ),
    contacts=CONTACTS,
    school_day={"am_register_opens": time(8, 40)},
    school_day_note=(
        "Students should arrive on site by 8.35am in either their form room or "
        "assembly in time for registration at 8.40am."
    ),
    absence_how=ABSENCE_HOW,
    leave_how=LEAVE_HOW,
    sections=SECTIONS,
    escalation_introduction=(
        "<p>The stages of support in the Department for Education's guidance, "
        "Working together to improve school attendance (2024).</p>"
    ),
)
