"""Chaucer School (Sheffield): its published attendance policy, September 2024.

From the school's policy in the seeds (002_129a1f187e953e35.txt), in the school's
own words. Cleaned of conversion artefacts only: the ``<<...>>`` around contact
details, square brackets left from the policy template around filled-in text,
the template's instructions to the writer ("Add anything else...", "Explain any
other procedures...", "Please check"), links that pointed nowhere (``#``, kept
as plain text), lines split by page breaks, and two headings left empty
(7.2, 10). Spelling, numbering and figures are as the school wrote them.

Section 1 (important contacts), 5.1's times and 5.2's reporting rules also fill
the page's structured parts; appendix 1 (codes) comes from the project's code
table; appendix 2 (escalation) is the school's table, rebuilt as rows because
the source's diagram was scrambled in conversion. Appendices 4 to 9 are staff
forms and guides (checklists, meeting records, the contract template, pupil
voice tools, SMART targets), not information for parents, and are left out.
"""

from datetime import date, time

from demo.policies_common import (
    Contact,
    Linked,
    SchoolPolicy,
    Version,
    bullets,
    codes_appendix,
    escalation_appendix,
    h3,
    mail,
    p,
    section,
    stage,
)

SCHOOL_PHONE = "0114 232 2338"

CONTACTS = (
    Contact(
        "Assistant Headteacher: Attendance",
        "Dave Mountford",
        SCHOOL_PHONE,
        "dmountford@chaucer.sheffield.sch.uk",
    ),
    Contact(
        "Designated Safeguarding Lead",
        "Emmeline Scott",
        SCHOOL_PHONE,
        "escott@chaucer.sheffield.sch.uk",
    ),
    Contact(
        "Special Educational Needs Coordinator",
        "Ashlea Jackson",
        SCHOOL_PHONE,
        "ajackson@chaucer.sheffield.sch.uk",
    ),
    # Named with their contact details in sections 4.4 and 4.7 of the policy.
    Contact(
        "Attendance Lead", "Tim Edge", SCHOOL_PHONE, "tedge@chaucer.sheffield.sch.uk"
    ),
    Contact(
        "Attendance Officer",
        "Dawn Ripley",
        SCHOOL_PHONE,
        "dripley@chaucer.sheffield.sch.uk",
    ),
    Contact(
        "Local Authority Designated Officer (LADO)",
        "Andrew Adedoyin",
        "0114 273 4850",
        "LADO@sheffield.gcsx.gov.uk",
    ),
    Contact("Chair of Governors", "Laura Bawden", email="lbawden@taptonttrust.org.uk"),
    Contact(
        "Local Authority Attendance Team",
        email="sheffieldinclusion&attendance@sheffield.gov.uk",
    ),
    Contact(
        "Advice around general illness", website="http://sybhealthiertogether.nhs.uk/"
    ),
    Contact("Sheffield Safeguarding Hub", phone="0114 273 4855"),
    Contact("West FIS Team", phone="0114 250 6865"),
    Contact("North FIS Team", phone="0114 233 1189"),
    Contact("East FIS Team", phone="0114 205 3635"),
)

ABSENCE_HOW = (
    "<p>The pupil's parent must notify the school of the reason for the absence "
    "on the first day of an unplanned absence by <b>8.15am</b>, or as soon as "
    "practically possible, by calling the school admin/office staff of the "
    "Attendance Team, who can be contacted via 01142322338 or "
    f"{mail('enquiries@chaucer.sheffield.sch.uk')} ; "
    f"{mail('attendance@chaucer.sheffield.sch.uk')}.</p>"
    "<p><b>Parents can telephone and speak to a colleague, leave a voicemail or "
    "email details of the absence.</b></p>"
    "<p>Parents are expected to call or email the school to report their child's "
    "absence before 8.15 am on the day of the absence and advise when they are "
    "expected to return. If the absence goes on longer than was originally "
    "stated, it is expected that the parent will inform the school of this.</p>"
    "<p>Where the absence is longer than 5 days, or there are doubts about the "
    "authenticity of the illness, the school will ask for medical evidence, such "
    "as a doctor's note, prescription, appointment card or other appropriate form "
    "of evidence. We will not ask for medical evidence unnecessarily.</p>"
)

LEAVE_HOW = (
    "<p>The headteacher will only grant a <b>leave of absence</b> to a pupil "
    "during term time if the request meets the specific circumstances set out in "
    "the 2024 school attendance regulations. These circumstances are:</p>"
    "<ul><li>Taking part in a regulated performance, or regulated employment "
    "abroad</li><li>Attending an interview</li><li>Study leave</li><li>A "
    "temporary, time-limited part-time timetable</li><li>Exceptional "
    "circumstances</li></ul>"
    "<p>We define 'exceptional circumstances' as a serious family emergency, such "
    "as bereavement.</p>"
    "<p>As a leave of absence will only be granted in exceptional circumstances, "
    "it is unlikely a leave of absence will be granted for the purposes of a "
    "family holiday.</p>"
    "<p>Any request should be submitted as soon as it is anticipated and, where "
    "possible, at least 2 weeks before the absence, and in accordance with any "
    "leave of absence request form, accessible via the school website or main "
    "office. The headteacher may require evidence to support any request for "
    "leave of absence. Any request will be on a case by case basis and will be "
    "communicated to the parent after the initial request is made.</p>"
    "<p>Attending a medical or dental appointment will be counted as authorised "
    "as long as the pupil's parent notifies the school in advance of the "
    "appointment. The parent or child should bring the appointment card or letter "
    "detailing the date and time of the appointment to the main school office. An "
    "emailed photograph is also acceptable and should be sent to "
    f"{mail('attendance@chaucer.sheffield.sch.uk')}.</p>"
)

# Appendix 2. The source's diagram lost its layout in conversion; these rows put
# each group of pupils beside the support the school's table gives for it.
ESCALATION = [
    stage(
        "All pupils",
        "Developing good attendance patterns through an effective whole school "
        "approach to attendance (including leadership, ethos and systems and "
        "processes).",
        "PREVENTION of poor attendance through good whole school attendance "
        "management. Voluntary support.",
    ),
    stage(
        "Pupils at risk of poor attendance",
        "Using attendance and absence data rigorously to support pupils with "
        "increasing levels of absence, arriving at school late or taking leave in "
        "term time without permission before it becomes a regular pattern.",
        "Helping parents to access services of their own accord and/or a Voluntary "
        "early help plan to tackle the barriers to attendance. This could follow "
        "the Assess, Plan, Do, Review model.",
    ),
    stage(
        "Pupils with poor attendance",
        "EARLY INTERVENTION to reduce absence before it becomes habitual. "
        "Intervening as early as possible and agreeing an action plan for pupils "
        "with high levels of absence and those demonstrating growing disengagement "
        "with school.",
        "FORMAL SUPPORT (Voluntary) – Not statutory but should be explored. A "
        "formal Parenting contract (3-12 months) (see Appendix 3) agreed by the "
        "pupil, parent, school and/or local authority. Parenting contracts are "
        "voluntary and not legally binding. They are to be used when a voluntary "
        "early help plan has not worked or is not deemed appropriate. This is not a "
        "punitive tool and is intended to offer support and offer an alternative to "
        "prosecution. They MUST be completed in the parents' presence.\n"
        "AND/OR Fixed Penalty Notices – A Fixed Penalty Warning Notice and then a "
        "Fixed Penalty Fine (£60 per parent) may be issued to each parent for "
        "irregular attendance. This will be served if a parenting contract is "
        "refused or fails to have impact on the child's attendance.",
    ),
    stage(
        "Persistently and severely absent pupils",
        "TARGETED reengagement of persistent and severely absent pupils. Put "
        "additional targeted support in place, where necessary working with "
        "partners, and agree a joint approach with local authorities for all "
        "severely absent pupils.",
        "FORMAL SUPPORT (Involving the Local Authority). Progressing to a legally "
        "binding Education Supervision Order in the Family Court if there is "
        "nonengagement and deemed necessary.\n"
        "Severely absent (50% or less). As these pupils face more barriers to being "
        "in school, the child and parents will be supported by the Local "
        "Authority's Attendance Support Team.",
    ),
    stage(
        "Statutory children's social care involvement",
        "Where there are safeguarding concerns.",
        "Where there are safeguarding concerns and an Education Supervision Order "
        "(1-3 years) reviewed every 3 months is not appropriate or has not been "
        "successful the case should be considered for s.17 or s.47 statutory "
        "social care involvement.",
    ),
]

SECTIONS = [
    section(
        "2. Aims",
        p(
            "This policy aims to show our commitment to meeting our obligations"
            " with regards to school attendance, including those laid out in "
            "the Department for Education's (DfE's) statutory guidance on "
            "working together to improve school attendance (applies from 19 "
            "August 2024), through our whole-school culture and ethos that "
            "values good attendance, including:"
        ),
        bullets(
            (
                "Setting high expectations for the attendance and punctuality "
                "of all pupils"
            ),
            "Promoting good attendance and the benefits of good attendance",
            "Reducing absence, including persistent and severe absence",
            (
                "Ensuring every pupil has access to the full-time education to "
                "which they are entitled"
            ),
            "Acting early to address patterns of absence",
            (
                "Building strong relationships with families to make sure "
                "pupils have the support in place to attend school"
            ),
        ),
        p("We will also promote and support punctuality in attending lessons."),
    ),
    section(
        "3. Legislation and guidance",
        p(
            "This policy is based on the Department for Education's (DfE's) "
            "statutory guidance on working together to improve school "
            "attendance (applies from 19 August 2024) and school attendance "
            "parental responsibility measures. The guidance is based on the "
            "following pieces of legislation, which set out the legal powers "
            "and duties that govern school attendance:"
        ),
        bullets(
            "Part 6 of the Education Act 1996",
            "Part 3 of the Education Act 2002",
            "Part 7 of the Education and Inspections Act 2006",
            (
                "The Education (Pupil Registration) (England) Regulations 2006 "
                "(and 2010, 2011, 2013, and 2016 amendments)"
            ),
            ("The School Attendance (Pupil Registration) (England) Regulations 2024"),
            (
                "The Education (Penalty Notices) (England) (Amendment) "
                "Regulations 2013 and the 2024 amendment"
            ),
        ),
        p("It also refers to:"),
        bullets(
            "School census guidance",
            "Keeping Children Safe in Education",
            (
                "Mental health issues affecting a pupil's attendance: guidance "
                "for schools"
            ),
        ),
    ),
    section(
        "4. Roles and responsibilities",
        h3("4.1 The local authority"),
        p("The local authority is responsible for:"),
        bullets(
            (
                "Rigorously tracking local attendance data to devise a "
                "strategic approach to attendance that prioritises the pupils, "
                "pupil cohorts and schools on which to provide support and "
                "focus its efforts on to unblock area wide barriers to "
                "attendance."
            ),
            (
                "Having a School Attendance Support Team which provides the "
                "following core functions free of charge to all schools "
                "(regardless of type):"
            ),
            (
                "Communication and advice: regularly bringing schools and multi"
                " agencies together to communicate messages, provide advice and"
                " share best practice between schools and trusts within the "
                "area. Clarity around what the school should have already "
                "offered at the point at which the LEA will become involved. "
                "Provide a named point of contact."
            ),
            (
                "Targeting Support Meetings: holding termly conversations with "
                "schools, using their attendance data to identify pupils and "
                "cohorts at risk of poor attendance and agree targeted actions "
                "(possibly involving LEA) and access to services for those "
                "pupils."
            ),
            (
                "Multi-disciplinary support for families: providing access to "
                "early help support workers to work intensively with families "
                "to provide practical whole-family support where needed to "
                "tackle the causes of absenteeism and unblock the barriers to "
                "attendance. Schools and LEAs are also specifically expected to"
                " have agreed a joint approach for all severely absent pupils "
                "(Those with absence 50% plus)."
            ),
            (
                "Legal intervention: Where voluntary support measures have been"
                " unsuccessful or engaged with, the LEA Attendance Support Team"
                " should liaise with the school and the early help lead "
                "practitioner to take forward attendance legal intervention "
                "(using the full range of parental responsibility measures). "
                "This may be in the form of an Education Supervision order, "
                "Fixed Penalty fine or court action."
            ),
            (
                "Monitoring and improving the attendance of children with a "
                "social worker through their Virtual School. Providing training"
                " for the lead teacher for Looked after or Previously Looked "
                "After children."
            ),
            (
                "Ensuring that all children in need or those with a Child "
                "Protection have a formal plan of support for their attendance."
            ),
        ),
        h3("4.2 The governing board"),
        p("The governing board is responsible for:"),
        bullets(
            (
                "Setting high expectations of all school leaders, staff, pupils"
                " and parents"
            ),
            (
                "Making sure school leaders fulfil expectations and statutory "
                "duties, including:"
            ),
            [
                (
                    "Making sure the school records attendance accurately in "
                    "the register, and shares the required information with the"
                    " DfE and local authority"
                ),
                (
                    "Making sure the school works effectively with local "
                    "partners to help remove barriers to attendance, and keeps "
                    "them informed regarding specific pupils, where appropriate"
                ),
            ],
            (
                "Recognising and promoting the importance of school attendance "
                "across the school's policies and ethos"
            ),
            (
                "Making sure the school's attendance management processes are "
                "delivered effectively, and that consistent support is provided"
                " for pupils who need it most by prioritising staff and "
                "resources"
            ),
            (
                "Making sure the school has high aspirations for all pupils, "
                "but adapts processes and support to pupils' individual needs"
            ),
            (
                "Regularly reviewing and challenging attendance data and "
                "helping school leaders focus improvement efforts on individual"
                " pupils or cohorts who need it most"
            ),
            (
                "Working with school leaders to set goals or areas of focus for"
                " attendance and providing support and challenge"
            ),
            (
                "Monitoring attendance figures for the whole school and "
                "repeatedly evaluating the effectiveness of the school's "
                "processes and improvement efforts to make sure they are "
                "meeting pupils needs"
            ),
            (
                "Where the school is struggling with attendance, working with "
                "school leaders to develop a comprehensive action plan to "
                "improve attendance"
            ),
            (
                "Making sure all staff receive adequate training on attendance "
                "as part of the regular continued professional development "
                "offer, so that staff understand:"
            ),
            [
                "The importance of good attendance",
                "That absence is almost always a symptom of wider issues",
                "The school's legal requirements for keeping registers",
                (
                    "The school's strategies and procedures for tracking, "
                    "following up on and improving attendance, including "
                    "working with partners and keeping them informed regarding "
                    "specific pupils, where appropriate"
                ),
            ],
            (
                "Making sure dedicated training is provided to staff with a "
                "specific attendance function in their role, including in "
                "interpreting and analysing attendance data"
            ),
            (
                "The trust has an Attendance Network Committee in order to "
                "facilitate improvements in attendance and ensure staff are "
                "kept up to date with best practice. by Academy trust local "
                "governing boards only: Sharing effective practice on "
                "attendance management and improvement across schools"
            ),
            (
                "Holding the headteacher to account for the implementation of "
                "this policy"
            ),
        ),
        p(
            "The school's attendance governor is Jenny Sutton. She meets at "
            "least termly with SLT Attendance Lead, prior to Inclusion "
            "sub-committee so she can report back to other governors."
        ),
        h3("4.2 The headteacher"),
        p("The headteacher is responsible for:"),
        bullets(
            "The implementation of this policy at the school",
            ("Monitoring school-level absence data and reporting it to governors"),
            ("Supporting staff with monitoring the attendance of individual pupils"),
            "Monitoring the impact of any implemented attendance strategies",
            (
                "Issuing fixed-penalty notices, where necessary, and/or "
                "authorising Attendance Lead, Tim Edge to be able to do so"
            ),
            (
                "Working with the parents of pupils with special educational "
                "needs and/or disabilities (SEND) to develop specific support "
                "approaches for attendance for pupils with SEND, including "
                "where school transport is regularly being missed, and where "
                "pupils with SEND face in-school barriers"
            ),
            (
                "Communicating with the local authority when a pupil with an "
                "education, health and care (EHC) plan has falling attendance, "
                "or where there are barriers to attendance that relate to the "
                "pupil's needs"
            ),
            (
                "Communicating the school's high expectations for attendance "
                "and punctuality regularly to pupils and parents through all "
                "available channels"
            ),
        ),
        h3("4.3 The designated senior leader responsible for attendance"),
        p("The designated senior leader is responsible for:"),
        bullets(
            ("Leading, championing and improving attendance across the school"),
            ("Setting a clear vision for improving and maintaining good attendance"),
            "Evaluating and monitoring expectations and processes",
            (
                "Having a strong grasp of absence data and oversight of absence"
                " data analysis"
            ),
            "Regularly monitoring and evaluating progress in attendance",
            (
                "Establishing and maintaining effective systems for tackling "
                "absence, and making sure they are followed by all staff"
            ),
            (
                "Liaising with pupils, parents/carers and external agencies, "
                "where needed"
            ),
            (
                "Building close and productive relationships with parents to "
                "discuss and tackle attendance issues"
            ),
            (
                "Creating intervention or reintegration plans in partnership "
                "with pupils and their parents/carers"
            ),
            ("Delivering targeted intervention and support to pupils and families"),
        ),
        p(
            "The designated senior leader responsible for attendance is Dave "
            "Mountford and can be contacted via 01142322338 and/or "
            f"{mail('dmountford@chaucer.sheffield.sch.uk')}."
        ),
        h3("4.4 The school attendance officer"),
        p("The school attendance officer is responsible for:"),
        bullets(
            "Monitoring and analysing attendance data (see section 7)",
            ("Benchmarking attendance data to identify areas of focus for improvement"),
            (
                "Providing regular attendance reports to school staff and "
                "reporting concerns about attendance to the designated senior "
                "leader responsible for attendance, and the headteacher"
            ),
            ("Working with education welfare officers to tackle persistent absence"),
            (
                "Advising the headteacher/Attendance Lead: Tim Edge "
                "(authorised by the headteacher) when to issue fixed-penalty "
                "notices"
            ),
        ),
        p(
            "The attendance officer is Dawn Ripley and can be contacted via "
            f"01142322338 or {mail('dripley@chaucer.sheffield.sch.uk')}."
        ),
        h3("4.5 Class teachers/form tutors"),
        p(
            "Class teachers/form tutors are responsible for recording "
            "attendance for both morning and afternoon sessions on a daily "
            "basis, using the correct codes (see Appendix 1), and submitting "
            "this information to the school office. This should be completed "
            "for the morning session no later than 8.50, and for the afternoon "
            "session, no later than 1pm."
        ),
        h3("4.6 School admin/office staff"),
        p("School admin/office staff will:"),
        bullets(
            (
                "Take calls from parents/carers about absence on a day-to-day "
                "basis and record it on the school system"
            ),
            (
                "Transfer calls from parents/carers to the attendance team "
                "where appropriate, in order to provide them with more detailed"
                " support on attendance. The attendance team will inform "
                "pastoral staff such as year leaders and engagement leaders "
                "where necessary."
            ),
        ),
        h3("4.7 Parents"),
        p(
            "Where this policy refers to a parent, it refers to the adult the "
            "school and/or local authority decides is most appropriate to work "
            "with, including:"
        ),
        bullets(
            "All natural parents, whether they are married or not",
            ("All those who have parental responsibility for a child or young person"),
            (
                "Those who have day-to-day responsibility for the child (i.e. "
                "lives with and looks after them)"
            ),
        ),
        p("Parents are expected to:"),
        bullets(
            "Make sure their child attends every day on time",
            (
                "Call or email the school to report their child's absence "
                "before 8.15 am on the day of the absence and advise when "
                "they are expected to return. If the absence goes on longer "
                "than was originally stated, it is expected that the parent "
                "will inform the school of this."
            ),
            (
                "Provide the school with more than 1 emergency contact number "
                "for their child"
            ),
            (
                "Ensure that, where possible, appointments for their child are "
                "made outside of the school day"
            ),
            (
                "Keep to any attendance contracts that they make with the "
                "school and/or local authority"
            ),
            (
                "Seek support, where necessary, for maintaining good "
                "attendance, by contacting Tim Edge: Attendance Lead, who can"
                " be contacted via 0114 232 2338 and/or "
                f"{mail('tedge@chaucer.sheffield.sch.uk')}"
            ),
        ),
        h3("4.8 Pupils"),
        p("Pupils are expected to:"),
        bullets(
            "Attend school every day, on time",
            "Attend every timetabled session, on time",
        ),
    ),
    section(
        "5. Recording attendance",
        h3("5.1 Attendance register"),
        p(
            "We will keep an electronic attendance register, and place all "
            "pupils onto this register."
        ),
        p(
            "We will take our attendance register at the start of the first "
            "session of each school day and once during the second session. It "
            "will mark, using the appropriate national attendance and absence "
            "codes from the School Attendance (Pupil Registration) (England) "
            "Regulations 2024, whether every pupil is:"
        ),
        bullets(
            "Present",
            "Attending an approved off-site educational activity",
            "Absent",
            "Unable to attend due to exceptional circumstances",
        ),
        p("Any amendment to the attendance register will include:"),
        bullets(
            "The original entry",
            "The amended entry",
            "The reason for the amendment",
            "The date on which the amendment was made",
            "The name and position of the person who made the amendment",
        ),
        p("See Appendix I for the DfE attendance codes."),
        p("We will also record:"),
        bullets(
            "Whether the absence is authorised or not",
            (
                "The nature of the activity, where a pupil is attending an "
                "approved educational activity"
            ),
            (
                "The nature of circumstances, where a pupil is unable to attend"
                " due to exceptional circumstances"
            ),
        ),
        p(
            "We will keep every entry on the attendance register for 6 years "
            "after the date on which the entry was made."
        ),
        p("The school day starts at <b>8.30am</b> and ends at <b>3.00pm</b>."),
        p("Pupils must arrive in school by <b>8.30am</b> on each school day."),
        p(
            "The register for the first session will be taken at <b>8.30am</b> "
            "and will be kept open until <b>9am</b>."
        ),
        h3("5.2 Unplanned and unauthorised absence"),
        p(
            "The pupil's parent must notify the school of the reason for the "
            "absence on the first day of an unplanned absence by <b>8.15am</b>,"
            " or as soon as practically possible, by calling the school "
            "<b>admin/office</b> staff of the Attendance Team, who can be "
            "contacted via <b>01142322338 or "
            f"{mail('enquiries@chaucer.sheffield.sch.uk')} ; "
            f"{mail('attendance@chaucer.sheffield.sch.uk')}.</b>"
        ),
        p(
            "<b>Parents can telephone and speak to a colleague, leave a "
            "voicemail or email details of the absence.</b>"
        ),
        p(
            "We will mark absence due to physical or mental illness as "
            "authorised, unless the school has a genuine concern about the "
            "authenticity of the illness."
        ),
        p(
            "Where the absence is longer than <b>5</b> days, or there are "
            "doubts about the authenticity of the illness, the school will ask "
            "for medical evidence, such as a doctor's note, prescription, "
            "appointment card or other appropriate form of evidence. We will "
            "not ask for medical evidence unnecessarily."
        ),
        p(
            "If the school is not satisfied about the authenticity of the "
            "illness, the absence will be recorded as unauthorised and parents "
            "will be notified of this in advance."
        ),
        h3("5.3 Historical non-attendance"),
        p(
            "The school will continue to work with families where a child's "
            "historical attendance has been below expectations. In deciding "
            "this, the school will consider the following:"
        ),
        bullets(
            "The reasons for historical non-attendance",
            (
                "The previous actions taken by the school and the resulting "
                "engagement from the pupil and family"
            ),
        ),
        h3("5.4 Planned absence"),
        p(
            "Attending a medical or dental appointment will be counted as "
            "authorised as long as the pupil's parent notifies the school in "
            "advance of the appointment."
        ),
        p(
            "The parent or child should bring the appointment card or letter "
            "detailing the date and time of the appointment to the main school "
            "office. An emailed photograph is also acceptable and should be "
            f"sent to {mail('attendance@chaucer.sheffield.sch.uk')}."
        ),
        p(
            "However, we encourage parents to make medical and dental "
            "appointments out of school hours where possible. Where this is not"
            " possible, the pupil should be out of school for the minimum "
            "amount of time necessary."
        ),
        p(
            "The pupil's parent must also apply for other types of term-time "
            "absence as far in advance as possible of the requested absence. Go"
            " to section 5 to find out which term-time absences the school can "
            "authorise."
        ),
        h3("5.5 Lateness and punctuality"),
        p("A pupil who arrives late:"),
        bullets(
            (
                "Before the register has closed, between the times of 8.35 and "
                "9.00, will be marked as late, using the appropriate code (L)"
            ),
            (
                "After the register has closed will be marked as absent, using "
                "the appropriate code (U)."
            ),
        ),
        p(
            "The school analyses attendance data on a daily basis and any "
            "students with 2 late marks or U codes in a week will receive a "
            "detention. Ongoing issues with punctuality will be dealt with by "
            "the Attendance Team who will set up a meeting with parents to "
            "discuss the steps that need to be taken to ensure their child "
            "attends on time. This also applies when repeated U codes are "
            "entered as the school has statutory requirement to put next steps "
            "in place if 10 sessions of unauthorised absence occur within a "
            "10-week period."
        ),
        h3("5.6 Following up unexplained absence"),
        p(
            "Where any pupil we expect to attend school does not attend, or "
            "stops attending, without reason, the school will:"
        ),
        bullets(
            (
                "Call or message the pupil's parent on the morning of the first"
                " day of unexplained absence to ascertain the reason. If the "
                "school cannot reach any of the pupil's emergency contacts, the"
                " school may for example: conduct home visits, alert the local "
                "authority attendance and / or safeguarding team or contact "
                "police"
            ),
            "Identify whether the absence is approved or not",
            (
                "Identify the correct attendance code to use and input it as "
                "soon as the reason for absence is ascertained – this will be "
                "no later than 5 working days after the session(s) for which "
                "the pupil was absent"
            ),
            (
                "Call or message the parent on each day that the absence "
                "continues without explanation, to make sure proper "
                "safeguarding action is taken where necessary. If absence "
                "continues, the school will consider involving an education "
                "welfare officers, who will conduct home visits following 3 "
                "days of non-attendance with no contact"
            ),
            (
                "Where relevant, report the unexplained absence to the pupil's "
                "youth offending team officer"
            ),
            (
                "Where appropriate, offer support to the pupil and/or their "
                "parents to improve attendance. An offer of support will be "
                "made if a child has 3 separate absences in a 10-week period or"
                " has two absences that total six sessions missed."
            ),
            (
                "Identify whether the pupil needs support from wider partners, "
                "as quickly as possible, and make the necessary referrals"
            ),
            (
                "Where support is not appropriate, not successful, or not "
                "engaged with: the school will work with the local authority to"
                " issue a notice to improve, penalty notice or other legal "
                "intervention (see section 5.2 below), as appropriate"
            ),
        ),
        h3("5.7 Reporting to parents"),
        p(
            "The school will regularly inform parents (see definition of "
            "'parent', as used in this policy, in section 3.7 above) about "
            "their child's attendance and absence levels. Parents can check "
            "attendance daily if parents have signed up to MCAS. The school "
            "will report attendance to parents on a minimum of 4 occasions per "
            "a year at intervals no longer than a 10-week period."
        ),
    ),
    section(
        "6. Authorised and unauthorised absence",
        h3("6.1 Approval for term-time absence"),
        p(
            "The headteacher will allow pupils to be absent from the school "
            "site for certain educational activities, or to attend other "
            "schools or settings."
        ),
        p(
            "The headteacher will only grant a <b>leave of absence</b> to a "
            "pupil during term time if the request meets the specific "
            "circumstances set out in the 2024 school attendance regulations. "
            "These circumstances are:"
        ),
        bullets(
            ("Taking part in a regulated performance, or regulated employment abroad"),
            "Attending an interview",
            "Study leave",
            "A temporary, time-limited part-time timetable",
            "Exceptional circumstances",
        ),
        p(
            "A leave of absence is granted at the headteacher's discretion, "
            "including the length of time the pupil is authorised to be absent "
            "for."
        ),
        p(
            "We define 'exceptional circumstances' as a serious family "
            "emergency, such as bereavement."
        ),
        p(
            "Leave of absence will not be granted for a pupil to take part in "
            "protest activity during school hours."
        ),
        p(
            "As a leave of absence will only be granted in exceptional "
            "circumstances, it is unlikely a leave of absence will be granted "
            "for the purposes of a family holiday."
        ),
        p(
            "The school considers each application for term-time absence "
            "individually, taking into account the specific facts, "
            "circumstances and relevant background context behind the request."
        ),
        p(
            "Any request should be submitted as soon as it is anticipated and, "
            "where possible, at least 2 weeks before the absence, and in "
            "accordance with any leave of absence request form, accessible via "
            "the school website or main office. The headteacher may require "
            "evidence to support any request for leave of absence. Any request "
            "will be on a case by case basis and will be communicated to the "
            "parent after the initial request is made."
        ),
        p(
            "Other valid reasons for <b>authorised absence</b> include (but are"
            " not limited to):"
        ),
        bullets(
            (
                "Illness (including mental-health illness) and medical/dental "
                "appointments (see sections 4.2 and 4.3 for more detail)"
            ),
            (
                "Religious observance – where the day is exclusively set apart "
                "for religious observance by the religious body to which the "
                "pupil's parent(s) belong(s). If necessary, the school will "
                "seek advice from the parent's religious body to confirm "
                "whether the day is set apart"
            ),
            (
                "Parent(s) travelling for occupational purposes – this covers "
                "Roma, English and Welsh gypsies, Irish and Scottish "
                "travellers, showmen (fairground people) and circus people, "
                "bargees (occupational boat dwellers) and new travellers. "
                "Absence may be authorised only when a traveller family is "
                "known to be travelling for occupational purposes and has "
                "agreed this with the school, but it is not known whether the "
                "pupil is attending educational provision"
            ),
            (
                "If the pupil is currently suspended or excluded from school "
                "(and no alternative provision has been made)"
            ),
        ),
        p(
            "Other reasons the school may allow a pupil to be absent from the "
            "school site, which are not classified as absences, include (but "
            "are not limited to):"
        ),
        bullets(
            (
                "Attending an offsite approved educational activity, sporting "
                "activity or visit or trip arranged by the school"
            ),
            (
                "Attending another school at which the pupil is also registered"
                " (dual registration)"
            ),
            "Attending provision arranged by the local authority",
            "Attending work experience",
            (
                "If there is any other unavoidable cause for the pupil not to "
                "attend school, such as disruption to travel caused by an "
                "emergency, a lack of access arrangements, or because the "
                "school premises are closed"
            ),
        ),
        h3("6.2 Reducing persistent and severe absence"),
        p(
            "A pupil is classified as a 'persistent absentee' if their "
            "attendance drops below 90%. Absence at this level can cause "
            "considerable damage to a pupil's educational prospects and we want"
            " to ensure that by working together with parents/carers, good "
            "attendance can be maintained. The school will monitor all absence "
            "thoroughly and any pupils who have dropped to become persistently "
            "or severely absent will be monitored. The school will:"
        ),
        bullets(
            (
                "Be contacted by the Attendance Team to discuss the concerns "
                "regarding the absences"
            ),
            (
                "Receive a letter home with a registration certificate "
                "informing the parent/carer of the current attendance"
            ),
            (
                "Be requested to attend a meeting with either the Head of Year;"
                " Attendance & Behaviour Manager; member of the Senior "
                "Leadership Team"
            ),
            (
                "Be informed of the procedures and next steps if attendance "
                "does not improve"
            ),
            (
                "Receive a home visit from our Community Engagement and Family "
                "Support Officer who will complete our Attendance Response "
                "Action form"
            ),
            (
                "Work with the LEA to formulate a plan to overcome the barriers"
                " to attending school"
            ),
        ),
        p(
            "A pupil is <b>severely</b> absent if their attendance is 50% or "
            "less. <b>As these pupils face more barriers to being in school, "
            "the child and parents/carers will be supported by the Local "
            "Authority's Attendance Support Team.</b> This will ensure more "
            "intensive support across a range of partners. A concerted effort "
            "is needed across all partners to make this group a top priority "
            "for support. We will sensitively consider the reasons for absence "
            "and ensure all parties understand school is a place of safety and "
            "support for children who may be facing difficulties."
        ),
        h3("6.3 Sanctions"),
        p(
            "Our school will make use of the full range of potential sanctions "
            "– including, but not limited to, those listed below – to tackle "
            "poor attendance. Decisions will be made on an individual, "
            "case-by-case basis."
        ),
        h3("Penalty notices"),
        p(
            "The headteacher (or someone authorised by them), local authority "
            "or the police can fine parents for the unauthorised absence of "
            "their child from school, where the child is of compulsory school "
            "age, by issuing a penalty notice."
        ),
        p(
            "If the school issues a penalty notice, it will check with the "
            "local authority before doing so, and send it a copy of any penalty"
            " notice issued."
        ),
        p(
            "Before issuing a penalty notice, the school will consider the "
            "individual case, including:"
        ),
        bullets(
            (
                "Whether the national threshold for considering a penalty "
                "notice has been met (10 sessions of unauthorised absence in a "
                "rolling period of 10 school weeks)"
            ),
            (
                "Whether a penalty notice is the best available tool to improve"
                " attendance for that pupil"
            ),
            (
                "Whether further support, a notice to improve or another legal "
                "intervention would be a more appropriate solution"
            ),
            (
                "Whether any obligations that the school has under the Equality"
                " Act 2010 make issuing a penalty notice inappropriate"
            ),
        ),
        p(
            "Each parent who is liable for the pupil's offence(s) can be issued"
            " with a penalty notice, but this will usually only be the "
            "parent/parents who allowed the absence."
        ),
        p(
            "The payment must be made directly to the local authority, "
            "regardless of who issues the notice. If the payment has not been "
            "made after 28 days, the local authority can decide whether to "
            "prosecute or withdraw the notice."
        ),
        p(
            "If issued with a <b>first</b> penalty notice, the parent must pay "
            "£80 within 21 days, or £160 within 28 days."
        ),
        p(
            "If a <b>second</b> penalty notice is issued to the same parent in "
            "respect of the same pupil, the parent must pay £160 if paid within"
            " 28 days."
        ),
        p(
            "A <b>third</b> penalty notice cannot be issued to the same parent "
            "in respect of the same child within 3 years of the date of the "
            "issue of the first penalty notice. In a case where the national "
            "threshold is met for a third time within those 3 years, "
            "alternative action will be taken instead."
        ),
        p(
            "A penalty notice may also be issued where parents allow their "
            "child to be present in a public place during school hours without "
            "reasonable justification, during the first 5 days of a suspension "
            "or exclusion (where the school has notified the parents that the "
            "pupil must not be present in a public place on that day). These "
            "penalty notices are not included in the National Framework, not "
            "subject to the same considerations about support being provided, "
            "and do not count towards the limit as part of the escalation "
            "process."
        ),
        p("In these cases, the parent must pay £60 within 21 days, or £120."),
        h3("Notices to improve"),
        p(
            "If the national threshold has been met and support is appropriate,"
            " but parents do not engage with offers of support, the school may "
            "offer a notice to improve to give parents a final chance to engage"
            " with support."
        ),
        p(
            "Notices to improve will be issued in line with processes set out "
            "in the local code of conduct for the local authority area in which"
            " the pupil attends school."
        ),
        p("They will include:"),
        bullets(
            "Details of the pupil's attendance record and of the offences",
            (
                "The benefits of regular attendance and the duty of parents "
                "under section 7 of the Education Act 1996"
            ),
            "Details of the support provided so far",
            (
                "Opportunities for further support, or to access previously "
                "provided support that was not engaged with"
            ),
            (
                "A clear warning that a penalty notice may be issued if "
                "attendance doesn't improve within the improvement period, "
                "along with details of what sufficient improvement looks like, "
                "which will be decided on a case-by-case basis"
            ),
            ("A clear timeframe of between 3 and 6 weeks for the improvement period"),
            (
                "The grounds on which a penalty notice may be issued before the"
                " end of the improvement period"
            ),
        ),
    ),
    section(
        "7. Strategies for promoting good attendance",
        h3("7.1 Identifying barriers and celebrating good attendance"),
        p(
            "Students are made aware of the importance of good attendance "
            "through a weekly registration session that shares individual, form"
            " and year group attendance. Assemblies regularly reinforce this "
            "message by looking at the impact attendance has on attainment and "
            "progress, using both school and national data. Parents are also "
            "informed of this via letter on at least 4 occasions per year. The "
            "letters have useful, easy to understand graphics that show how "
            "attendance at various levels affects achievement. Form and year "
            "group rewards are linked to attendance and there are regular "
            "competitions and spot prizes given for good or improving "
            "attendance. Students are also given attendance certificates for "
            "outstanding, good or improving attendance at 4 points across the "
            "year. There are attendance posters on display throughout the "
            "school. When attendance causes a concern, informal monitoring will"
            " take place initially, with a step up to formal if the desired "
            "improvements are not made. In conjunction with the local "
            "authority, the school may use attendance contracts for a period of"
            " 4-6 six weeks as a maximum before moving to legal sanction should"
            " this fail"
        ),
    ),
    section(
        "8. Supporting pupils who are absent or returning to school",
        h3(
            "8.1/ 8.2 Identifying the barriers and pupils absent due to complex"
            " barriers to attendance"
        ),
        p(
            "We are committed to working with all families to remove barriers "
            "to attendance, no matter how complex. We have a highly skilled "
            "attendance lead with a pastoral background who fosters excellent "
            "relationships with families, and he will initially meet with "
            "families whose child has attendance issues to identify barriers "
            "and look to overcome them. With complex cases, he will leverage in"
            " support from colleagues within school to support as necessary. "
            "The school works closely with external agencies such as FIS, the "
            "local authority and social care to provide wrap around support for"
            " the families who need it. We co-construct plans with clear goals "
            "and milestones that clearly show a route to better attendance for "
            "the child. We make sure rewards are issued when the milestones are"
            " met. All pastoral staff are trained in the identification of EBSA"
            " and we have such as time out passes, time with connected adults "
            "and timetable changes to reduce anxiety. These strategies are "
            "regularly monitored to evaluate their success."
        ),
        h3("8.3 Pupils absent due to mental or physical ill health or SEND"),
        p(
            "Once we are in receipt of medical evidence that states that a "
            "child is unfit to attend school for a period in excess of 15 days,"
            " we will contact the local authority for them to undertake their "
            "statutory duty to provide an alternative provision. For students "
            "with suspected EBSA, we will use our trained staff to support a "
            "return to school by identifying and addressing issues that are "
            "causing specific anxiety. We will put in reasonable adjustments to"
            " accommodate any child with specific health needs, including risk "
            "assessments and care plans, in order to facilitate a swift return "
            "to school. All students with SEND have engagement plans which are "
            "shared with staff and updated regularly to ensure needs are met. "
            "If a student on an EHCP is failing to attend school regularly "
            "enough, we will call emergency reviews and amend the plan as "
            "necessary in discussion with parents and other professionals. "
            "Where a pupil has an education health and care (EHC) plan and "
            "their attendance falls, or the school becomes aware of barriers to"
            " attendance that related to the pupil's needs, the school will "
            "inform the local authority."
        ),
        h3(
            "8.4 Pupils returning to school after a lengthy or unavoidable "
            "period of absence"
        ),
        p(
            "During the period of absence up to 15 days, providing it is "
            "authorised and an exceptional circumstance e.g the child is "
            "recovering from a medical procedure, we will look to provide the "
            "child with work so they do not fall behind, if the parent requests"
            " it. Any return to school will be facilitated by the child's year "
            "team, in consultation with the Attendance Team and SLT. Discussions "
            "with parents and the child "
            "will take place and we will look to address any concerns. If the "
            "return needs to be facilitated through the creation of a risk "
            "assessment or care plan, we will ensure this is done in a timely "
            "manner. We will consider, where appropriate, the use of reduced "
            "timetables and /or internal AP in order to facilitate a successful"
            " phased return for the child. Where these are used, they will be "
            "reviewed every 2 weeks."
        ),
    ),
    section(
        "9. Attendance monitoring",
        p(
            "The Attendance Officer ensures all registers are taken and all "
            "absence coding is accurate. Attendance is monitored on a daily "
            "basis by the Attendance Lead and SLT lead for attendance. We "
            "analyse whole cohort, year group, sub group and attendance at an "
            "individual student level to identify patterns of concerning "
            "attendance. Comparisons against national data are made on a weekly"
            " basis. Analyses of attendance at cohort, year group and "
            "sub-group, are presented to Progress Board on a monthly basis and "
            "the Inclusion Sub-Committee on a termly basis. Plans are currently"
            " in place to improve the attendance of PP and SEND students and "
            "the Y11 cohort as a whole. Form tutors receive weekly updated "
            "attendance for their form with an individual breakdown. This is "
            "shared with students themselves and concerning patterns are "
            "discussed, with students informed when a further absence is likely"
            " to trigger a SAM meeting."
        ),
        h3("9.1 Monitoring attendance"),
        p(
            "The school will monitor attendance and absence data (including "
            "punctuality) half-termly, termly and yearly across the school and "
            "at an individual pupil, year group and cohort level."
        ),
        p("Specific pupil information will be shared with the DfE on request."),
        p(
            "The school has granted the DfE access to its management "
            "information system so the data can be accessed regularly and "
            "securely."
        ),
        p(
            "Data will be collected each term and published at national and "
            "local authority level through the DfE's school absence national "
            "statistics releases. The underlying school-level absence data is "
            "published alongside the national statistics."
        ),
        p(
            "The school will benchmark its attendance data at whole school, "
            "year group and cohort level against local, regional, and national "
            "levels to identify areas of focus for improvement, and share this "
            "with the governing board."
        ),
        h3("9.2 Analysing attendance"),
        p("The school will:"),
        bullets(
            (
                "Analyse attendance and absence data regularly to identify "
                "pupils, groups or cohorts that need additional support with "
                "their attendance, and"
            ),
            (
                "Identify pupils whose absences may be a cause for concern, "
                "especially those who demonstrate patterns of persistent or "
                "severe absence"
            ),
            (
                "Conduct thorough analysis of half-termly, termly, and "
                "full-year data to identify patterns and trends"
            ),
            (
                "Look at historic and emerging patterns of attendance and "
                "absence, and then develop strategies to address these patterns"
            ),
        ),
        h3("9.3 Using data to improve attendance"),
        p("The school will:"),
        bullets(
            (
                "Develop targeted actions to address patterns of absence (of "
                "all severities) of individual pupils, groups or cohorts that "
                "it has identified via data analysis"
            ),
            (
                "Provide targeted support to the pupils it has identified whose"
                " absences may be a cause for concern, especially those who "
                "demonstrate patterns of persistent or severed absence, and "
                "their families (see section 8.4 below)"
            ),
            (
                "Provide regular attendance reports to <b>form tutors</b>, to "
                "facilitate discussions with pupils and families, and to the "
                "governing board and school leaders (including special "
                "educational needs co-ordinator, designated safeguarding lead "
                "and pupil premium lead)"
            ),
            (
                "Use data to monitor and evaluate the impact of any "
                "interventions put in place in order to modify them and inform "
                "future strategies"
            ),
            (
                "Share information and work collaboratively with other schools "
                "in the area, local authorities and other partners where a "
                "pupil's absence is at risk of becoming persistent or severe, "
                "including keeping them informed regarding specific pupils, "
                "where appropriate"
            ),
        ),
        h3("9.4 Reducing persistent and severe absence"),
        p(
            "Persistent absence is where a pupil misses 10% or more of school, "
            "and severe absence is where a pupil misses 50% or more of school. "
            "Reducing persistent and severe absence is central to the school's "
            "strategy for improving attendance."
        ),
        p("The school will:"),
        bullets(
            (
                "Use attendance data to find patterns and trends of persistent "
                "and severe absence"
            ),
            (
                "Consider potential safeguarding issues and, where suspected or"
                " present, address them in line with Keeping Children Safe in "
                "Education"
            ),
            (
                "Hold regular meetings with the parents of pupils who the "
                "school (and/or local authority) considers to be vulnerable or "
                "at risk of persistent or severe absence, or who are "
                "persistently or severely absent, to:"
            ),
            [
                "Discuss attendance and engagement at school",
                "Listen, and understand barriers to attendance",
                "Explain the help that is available",
                (
                    "Explain the potential consequences of, and sanctions for, "
                    "persistent and severe absence"
                ),
                "Review any existing actions or interventions",
            ],
            (
                "Provide access to wider support services to remove the "
                "barriers to attendance, in conjunction with the local "
                "authority, where relevant"
            ),
            (
                "Consider alternative support that could be put in place to "
                "remove any barriers to attendance and re-engage these pupils. "
                "In doing so, the school will sensitively consider some of the "
                "reasons for absence"
            ),
            "Implement sanctions, where necessary (see section 5.2, above)",
        ),
        p(
            "Chaucer School monitors unauthorised absence on a daily basis. To "
            "encourage good attendance, the school has a strong staff presence "
            "in the community up until the morning register closes at 9am, with"
            " staff shepherding children into school before this time. The "
            "Attendance Team is now using A Star Education and is calendaring "
            "regular meetings to discuss absence, with a particular focus on "
            "that which is unauthorised, to decide who is sent stage 1; stage "
            "2; stage 3 and stage 4 letters. SAM (School Attendance Meetings) "
            "are scheduled for students who are potentially at risk of "
            "breaching the '10 in 10' so that steps may be taken to support "
            "them to attend well moving forward. Students with concerning "
            "levels of absence, including those who are SA, are a focus of "
            "fortnightly Referral Meetings where pastoral staff meet to "
            "discuss, evaluate and amend strategies put in place to support "
            "better attendance."
        ),
    ),
    section(
        "11. Monitoring arrangements",
        p(
            "This policy will be reviewed as guidance from the local authority "
            "and/or DfE is updated, and as a minimum one year by Dave "
            "Mountford: Assistant Headteacher for Attendance. At every review,"
            " the policy will be approved by the full governing board."
        ),
    ),
    codes_appendix("Appendix 1: Attendance codes"),
    escalation_appendix("Appendix 2: Escalation of Support"),
    section(
        "Appendix 3: Formal/Voluntary support of poor attendance",
        p(
            "The below section outlines the formal (Voluntary) and Statutory "
            "attendance Support processes"
        ),
        h3("Parenting contract (voluntary 4-6 weeks months)"),
        p(
            "A formal <b>Parenting contra</b> agreed by the pupil, parent, "
            "school and/or local authority. Parenting contracts are voluntary "
            "and not legally binding. They are to be used when a voluntary "
            "early help plan has not worked or is not deemed appropriate. This "
            "is not a punitive tool and is intended to offer support and offer "
            "an alternative to prosecution. They <b>MUST</b> be completed in "
            "the parents' presence. The school will make all reasonable "
            "attempts to arrange a meeting for a parenting contract."
        ),
        p("School identified lead practitioner: Timothy Edge"),
        p("All parenting contracts should contain:"),
        bullets(
            ("Details of the requirements the parent(s) is expected to comply with."),
            (
                "A statement from the school and/or local authority agreeing to"
                " provide support to the parent(s) to meet the requirements and"
                " setting out details of the support."
            ),
            (
                "A statement by the parent that they agree to comply with the "
                "requirements for the period of time specified by the contract."
            ),
        ),
        p(
            "The requirements specified, and the support provided, will depend "
            "on the individual case, and should be tailored to the needs of the"
            " individual parent and family. There is not, therefore, a "
            "prescribed list, but requirements may include:"
        ),
        bullets(
            (
                "Measures to ensure the pupil attends school or alternative "
                "provision punctually and regularly"
            ),
            (
                "Requiring the parent to attend meetings with the school and/or"
                " local authority"
            ),
            "Accessing or partaking in the support or programmes offered",
            (
                "Working with or accessing other separate support provided to "
                "the pupil at school level (e.g. being on report)"
            ),
        ),
        p(
            "The support provided to help the parent satisfy those requirements"
            " may include:"
        ),
        bullets(
            "Provision of a lead practitioner to support the family",
            (
                "Signposting or referrals to wider local authority or health "
                "services that might support the family (e.g. housing needs, "
                "drug and alcohol support)"
            ),
            (
                "Signposting or referrals to voluntary and community sector "
                "programmes or support (e.g. food banks or community support "
                "groups)"
            ),
            (
                "Formal interventions such as family group conferencing, peer "
                "mentoring or literacy classes"
            ),
            "Support and advisory services (e.g. benefit support)",
            (
                "Formal parenting programmes (e.g. a course with a specified "
                "number of sessions)"
            ),
        ),
        p(
            "Parenting contracts do not have a minimum or maximum duration. "
            "Each individual contract should set out the duration it will be in"
            " place, and most are for between 3 and 12 months but can be longer"
            " if needed."
        ),
        p(
            "Once the requirements and support elements of the contract have "
            "been agreed, the school and/or local authority and the parent "
            "should write up the contract together and sign it. The contract "
            "should be written in language that the parent can easily "
            "understand (including a translation where necessary). All parties,"
            " including other partners working with the family, should be given"
            " a copy."
        ),
        p("When a parenting contract is not working:"),
        bullets(
            ("The school/LEA should work with the parent to gain their cooperation"),
            (
                "When parents do not comply the Lead Practitioner should "
                "contact the parent and seek an explanation and decide whether "
                "or not it is reasonable."
            ),
            ("Consider amending the contract if parents are willing to cooperate"),
            (
                "Serve the parent with a warning letter if the contract is not "
                "working and may be terminated."
            ),
            (
                "Consider whether non-compliance is undermining the contract "
                "and consider with the LA an alternative course of action. "
                "Decisions and reasons should be recorded as failure or "
                "non-compliance should be considered in court."
            ),
            (
                "Should a parent refuse a voluntary Parenting Contract or "
                "should it fail, the school will work with the local authority "
                "and a fine may be issued."
            ),
        ),
    ),
    section(
        "Appendix 3: Formal and Statutory support of poor attendance",
        h3(
            "Education Supervision Orders – Purpose of ESOs and when they may be "
            "appropriate"
        ),
        p(
            "Where a <b>Voluntary early help plan</b>, or <b>formal parenting "
            "contract</b> has not been successful, an Education Supervision "
            "Order (ESO) can be a useful alternative to provide "
            "formal legal intervention without criminal prosecution."
        ),
        p(
            "In deciding whether to progress to an ESO, the school and local "
            "authority should have exhausted voluntary support and be clear "
            "that making the order would be beneficial for the pupil and "
            "parent. Where safeguarding concerns exist, the lead practitioner "
            "should also discuss with the school's designated safeguarding lead"
            " and children's social care services and agree an ESO would be a "
            "more suitable option than a s.17 (Children in Need) or s.47 (Child"
            " Protection) plan. In all cases, local authorities must fully "
            "consider using an ESO before moving forward to prosecution."
        ),
        p(
            "ESOs are made through the Family or High Court, rather than "
            "Magistrates Court. They give the local authority a formal role in "
            "advising, helping and directing the pupil and parent(s) to ensure "
            "the pupil receives an efficient, full-time, suitable education. "
            "For the duration of the ESO, the parent's duties to secure the "
            "child's education and regular attendance are superseded by a duty "
            "to comply with any directions given by the local authority under "
            "the ESO."
        ),
        p(
            "The order initially lasts for one year, but extensions can be "
            "secured within the last 3 months for a period of up to 3 years at "
            "a time."
        ),
        h3("Contents of the ESO"),
        p(
            "The LEA will notify parents in writing if an ESO is being "
            "considered and set up a meeting with the parent (and child if they"
            " are old enough). The LEA will then take this ESO to court and "
            "allocate an LEA Designated Officer. Schools should provide support"
            " and supervision where appropriate. Review meetings will take "
            "place every three months. The LEA Designated Officer will make "
            "clear the terms to which parents must comply to."
        ),
        p(
            "Persistent non-compliance to the order can be taken to the "
            "magistrates court and parents may be fined up to £1000. The LEA "
            "Lead Officer will also decide whether further action should be "
            "taken, including statutory social care involvement."
        ),
        h3(
            "Attendance Prosecution – Purpose of prosecution and when it may be "
            "appropriate"
        ),
        p(
            "If a child of compulsory school age fails to attend regularly at a"
            " school at which they are registered, or at a place where "
            "alternative provision is provided for them, their parents may be "
            "guilty of an offence and can be prosecuted by the Local Authority."
        ),
        p(
            "Prosecution in the Magistrates Court is the last resort where all "
            "other voluntary and formal support or legal intervention has "
            "failed or where support has been deemed inappropriate in the "
            "circumstances of the individual case. Where it is decided to "
            "pursue prosecution, only Local Authorities can prosecute parents "
            "and they must fund all associated costs, including in the "
            "preparation of court documentation."
        ),
        h3("Prosecution"),
        bullets(
            "Up to Level 3 of £1000 for failed ESO",
            (
                "2 separate offences – Level 3 £1000 plus a possible Level 4 "
                "fine of £2500 and/or community order or imprisonment for up to"
                " 3 months."
            ),
            (
                "Parenting order – this is an ancillary order that can be "
                "imposed by the court following a conviction for nonattendance."
                " Parental agreement is not required for a Parenting Order."
            ),
            "The decision to prosecute lies with the Local Authority alone.",
        ),
    ),
]

POLICY = SchoolPolicy(
    school_key="chaucer",
    home_introduction=(
        "<p>Chaucer School's attendance policy, who to contact about attendance, "
        "and how to tell the school about an absence.</p>"
    ),
    title="Attendance policy",
    date_of_issue=date(2024, 9, 26),
    review_date=date(2025, 9, 26),
    responsible_committee="Inclusion sub-committee",
    target_audience=(
        "Parents, teachers; governors, the local authority; trust representatives"
    ),
    versions=(Version("I", "All", "None", date(2024, 9, 26), "D Mountford"),),
    linked_policies=(
        Linked("Safeguarding & Child Protection"),
        Linked("Data Protection/GDPR"),
        Linked("Data Retention"),
        Linked("Admissions"),
        Linked("Relationships & Behaviour"),
        Linked("Supporting pupils with medical conditions"),
    ),
    contacts=CONTACTS,
    school_day={
        "day_starts": time(8, 30),
        "am_register_opens": time(8, 30),
        "am_register_closes": time(9, 0),
        "day_ends": time(15, 0),
    },
    school_day_note=(
        "Pupils must arrive in school by 8.30am on each school day. A pupil who "
        "arrives late before the register has closed, between the times of 8.35 "
        "and 9.00, will be marked as late (L); after the register has closed, as "
        "absent (U)."
    ),
    absence_report_by=time(8, 15),
    absence_phone=SCHOOL_PHONE,
    absence_email="attendance@chaucer.sheffield.sch.uk",
    absence_how=ABSENCE_HOW,
    leave_how=LEAVE_HOW,
    sections=SECTIONS,
    escalation_introduction=(
        "<p>Chaucer School will follow the Escalation of support as outlined by the "
        "DFE 2022 – Working together to improve school attendance.</p>"
    ),
    escalation=ESCALATION,
)
