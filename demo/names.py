"""Name lists for generated demo pupils and parents/carers. None are real people."""

GIRLS = (
    "Amelia Aisha Olivia Isla Ava Mia Ivy Lily Freya Florence Willow Evie Sophia "
    "Grace Poppy Sienna Zara Hana Maryam Fatima Chloe Ruby Ella Daisy Amira Nia "
    "Zuzanna Maja Leah Imogen Esme Harriet Jasmine Priya Anaya Kemi Ife Layla Erin"
).split()
BOYS = (
    "Oliver Noah George Arthur Muhammad Leo Harry Oscar Archie Henry Theo Jack "
    "Freddie Charlie Alfie Jacob Thomas Isaac Ibrahim Yusuf Ayaan Omar Kacper "
    "Jakub Tomasz Samuel Joshua Daniel Reuben Kofi Tunde Ethan Mason Finley Riley "
    "Callum Kai Rahul Arjun Dylan"
).split()
ADULT_WOMEN = (
    "Sarah Emma Rebecca Laura Hannah Nadia Shazia Rukhsana Joanna Agnieszka "
    "Claire Michelle Amina Funmi Grace Leanne Kirsty Samira Helen Donna"
).split()
ADULT_MEN = (
    "David James Michael Imran Tariq Mark Paul Piotr Marcin Richard Daniel "
    "Kwame Olu Steven Craig Gareth Yusuf Ahmed Lee Wayne"
).split()
SURNAMES = (
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright "
    "Thompson Evans Walker White Roberts Green Hall Wood Jackson Clarke Patel "
    "Khan Hussain Ahmed Ali Begum Rahman Kowalski Nowak Wiśniewski Okafor Adeyemi "
    "Mensah Owusu Nguyen Chen O'Brien Murphy Kelly Hughes Edwards Turner Shaw "
    "Cooper Ward Morris Bailey Harrison Mitchell Barker Fletcher Mahmood Iqbal "
    "Popescu Ionescu Haddad Farah Warsame Osei Baptiste Campbell"
).split()
STREETS = (
    "Station Road, Church Lane, Park Avenue, Mill Street, Victoria Road, "
    "Oak Close, Beech Grove, Meadow Way, Chapel Street, Orchard Drive, "
    "Rosewood Crescent, Hill View, Brook Lane, Kingsway, Elm Terrace"
).split(", ")
LANGUAGES = (
    ["English"] * 14
    + ["Urdu", "Polish", "Arabic", "Somali", "Bengali", "Yoruba", "Romanian"]
    + ["Punjabi", "Slovak", "Tigrinya"]
)
