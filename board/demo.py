"""Demo data: the five coalitions of the seed, their people and boards (idempotent).

Everything is created through the services, so the event log tells the story a visitor
would expect. Coalitions are recognised by slug, accounts by email, work sites and partner
organisations by name, initiatives and activities by title: a second run creates and changes
nothing.
All people are fictional.
"""

from datetime import date, timedelta

from sqlalchemy import select

from board.activities import services as activity_services
from board.activities.recurrence import to_local
from board.auth.services import create_user, find_user
from board.coalitions import services as coalition_services
from board.extensions import db
from board.ideas import services as idea_services
from board.ideas import voting
from board.kanban import services as kanban_services
from board.kanban.services import CardChanges
from board.models import Activity, ActivityItem, Coalition, Idea, Initiative, Membership, User
from board.models.base import utcnow

DEMO_PASSWORD = "samenwerken"

# The four accounts every coalition gets: mailbox name, role, side.
STANDARD_ACCOUNTS = (
    ("bewoner", "member", "resident"),
    ("professional", "member", "professional"),
    ("facilitator", "facilitator", "professional"),
    ("coordinator", "coordinator", "resident"),
)

# Accounts outside any coalition: email, display name, flags.
PROGRAMME_ACCOUNTS = (
    ("programma@buurtbord.example", "Marijke Dekker", {"is_programme_viewer": True}),
    ("admin@buurtbord.example", "Pieter Vos", {"is_admin": True}),
)

# Columns by position on a new board: 0 Verkennen, 1 Voorbereiden, 2 Uitvoeren, 3 Afgerond.
# People are named by mailbox (the part of their email before @<slug>.example).
# "due_in_days" counts from today; negative means overdue. "created_by" defaults to the
# coordinator, "moved_by" to the resident lead (or the professional lead when there is none).
COALITIONS = [
    {
        "slug": "apeldoorn",
        "name": "Apeldoorn Zuid",
        "aim": (
            "Een buurt waar bewoners zelf in actie komen en naar elkaar omkijken. "
            "Reisgenoten Zuid Doet Samen en Stimenz trekken daarvoor samen op in één actieteam "
            "in De Heeze, ook richting gemeente en netwerkpartners."
        ),
        "site_kind": "actieteam",
        "organisations": [
            ("Reisgenoten Zuid Doet Samen", "resident_initiative"),
            ("Stimenz", "welfare"),
        ],
        "sites": ["De Heeze"],
        "names": {
            "bewoner": "Ria Verbeek",
            "professional": "Daan Hofstede",
            "facilitator": "Esther Kuipers",
            "coordinator": "Henk Wolters",
        },
        "extra_members": [
            ("gerrit", "Gerrit Lammers", "resident"),
            ("fatima", "Fatima El Idrissi", "resident"),
            ("joost", "Joost van Dalen", "professional"),
        ],
        "initiatives": [
            {
                "title": "Koffieochtend in het buurthuis op dinsdag",
                "column": 2,
                "site": "De Heeze",
                "resident_lead": "fatima",
                "professional_lead": "professional",
                "due_in_days": 21,
                "description": (
                    "Elke dinsdagochtend staat de koffie klaar voor wie even wil bijpraten. "
                    "Bewoners schenken, de opbouwwerker van Stimenz pikt vragen op."
                ),
                "checklist": [
                    ("Vaste vrijwilligers voor het schenken", True),
                    ("Flyer in de portieken", True),
                    ("Sleutelafspraak met de beheerder van het buurthuis", False),
                ],
                "comments": [
                    ("professional", "Vorige week waren er veertien mensen, vier voor het eerst."),
                    ("fatima", "Mooi! Volgende keer neem ik zelfgebakken cake mee."),
                ],
                "created_by": "fatima",
            },
            {
                "title": "Buurtpreventie-app per straat",
                "column": 1,
                "site": "De Heeze",
                "resident_lead": "gerrit",
                "professional_lead": "joost",
                "due_in_days": 14,
                "description": (
                    "Een appgroep per straat waarin buren elkaar waarschuwen en helpen. "
                    "We spreken samen af wat er wel en niet in thuishoort."
                ),
                "checklist": [
                    ("Contactpersoon per straat vinden", True),
                    ("Spelregels voor de groep opstellen", False),
                    ("Afstemmen met de wijkagent", False),
                ],
            },
            {
                "title": "Gezamenlijk jaarplan voor de gemeente",
                "column": 1,
                "site": "De Heeze",
                "resident_lead": "coordinator",
                "professional_lead": "facilitator",
                "due_in_days": -4,
                "description": (
                    "Reisgenoten en Stimenz leggen één gezamenlijk plan bij de gemeente neer "
                    "in plaats van twee losse aanvragen."
                ),
                "checklist": [
                    ("Eerste opzet schrijven", True),
                    ("Bespreken in het actieteam", True),
                    ("Begrotingen naast elkaar leggen", False),
                    ("Afspraak met de wijkregisseur", False),
                ],
                "comments": [
                    (
                        "facilitator",
                        "De begroting van Stimenz is bijna rond, ik stuur hem vrijdag.",
                    ),
                    (
                        "coordinator",
                        "Dank je. Laten we de gemeente pas bellen als we allebei getekend hebben.",
                    ),
                ],
                "moved_by": "facilitator",
            },
            {
                "title": "Welkomstpakket voor nieuwe buren",
                "column": 0,
                "site": "De Heeze",
                "resident_lead": "bewoner",
                "professional_lead": None,
                "due_in_days": 35,
                "description": (
                    "Nieuwe bewoners krijgen bij de sleuteloverdracht een tas met informatie "
                    "over de buurt, de koffieochtend en wie ze kunnen bellen."
                ),
                "created_by": "bewoner",
            },
            {
                "title": "Boodschappenmaatjes voor oudere buren",
                "column": 2,
                "site": "De Heeze",
                "resident_lead": "bewoner",
                "professional_lead": "professional",
                "due_in_days": 10,
                "description": (
                    "Buren die toch naar de supermarkt gaan, nemen boodschappen mee voor "
                    "ouderen die slecht ter been zijn."
                ),
                "checklist": [
                    ("Vijf maatjes gekoppeld", True),
                    ("Afspraken over geld en bonnetjes", True),
                    ("Evaluatie na zes weken", False),
                ],
            },
            {
                "title": "Opschoondag rond het speelveld",
                "column": 3,
                "site": "De Heeze",
                "resident_lead": "gerrit",
                "professional_lead": "joost",
                "due_in_days": None,
                "description": (
                    "Met twintig bewoners het speelveld en de bosjes eromheen opgeruimd. "
                    "Na afloop soep in het buurthuis."
                ),
                "checklist": [
                    ("Prikstokken en zakken lenen bij de gemeente", True),
                    ("Soep regelen", True),
                ],
                "comments": [
                    ("gerrit", "Volgend voorjaar weer, en dan met de basisschool erbij?"),
                ],
                "created_by": "gerrit",
            },
            {
                "title": "Training 'Signalen achter de voordeur'",
                "column": 0,
                "site": "De Heeze",
                "resident_lead": "fatima",
                "professional_lead": "facilitator",
                "due_in_days": 42,
                "description": (
                    "Bewoners en professionals leren samen signalen van eenzaamheid of geldzorgen "
                    "herkennen, en weten daarna bij wie ze terechtkunnen."
                ),
                "checklist": [("Trainer vragen", False)],
                "created_by": "facilitator",
            },
            {
                "title": "Buurtkrant De Heeze Doet Samen",
                "column": 2,
                "site": "De Heeze",
                "resident_lead": "coordinator",
                "professional_lead": "joost",
                "due_in_days": -2,
                "description": (
                    "Twee keer per jaar een krant in elke brievenbus, geschreven door bewoners. "
                    "Stimenz helpt met de opmaak."
                ),
                "checklist": [
                    ("Kopij verzamelen", True),
                    ("Opmaak", False),
                    ("Drukker bellen", False),
                    ("Bezorgers per straat", False),
                ],
                "comments": [
                    ("joost", "De opmaak loopt uit: ik wacht nog op twee stukjes."),
                    ("bewoner", "Mijn stukje over de moestuinbakken komt morgen."),
                ],
                "moved_by": "joost",
            },
            {
                "title": "Kennismaking met de nieuwe wijkverpleegkundige",
                "column": 3,
                "site": "De Heeze",
                "resident_lead": "bewoner",
                "professional_lead": "professional",
                "due_in_days": None,
                "description": (
                    "Een inloopmiddag waarop bewoners de wijkverpleegkundige leerden kennen "
                    "en hoorden waarvoor ze bij haar terechtkunnen."
                ),
                "checklist": [("Uitnodiging rondbrengen", True)],
            },
            {
                "title": "Moestuinbakken bij de flat",
                "column": 0,
                "site": "De Heeze",
                "resident_lead": "gerrit",
                "professional_lead": "professional",
                "due_in_days": 28,
                "description": (
                    "Een paar grote bakken op het grasveld waar flatbewoners samen groente "
                    "kweken. Eerst peilen wie er mee wil doen."
                ),
            },
        ],
    },
    {
        "slug": "horst-aan-de-maas",
        "name": "Horst aan de Maas – Westenwind",
        "aim": (
            "In In de Riet, de Norbertuswijk en de Mussenbuurt pakken actieve inwoners en "
            "Synthese de thema's van de wijken samen op. Ze beslissen als gelijken over de "
            "aanpak en oefenen dat in vijf werkplaatsen."
        ),
        "site_kind": "werkplaats",
        "organisations": [
            ("Bewonersorganisatie In de Riet", "resident_initiative"),
            ("Bewonersorganisatie Norbertuswijk", "resident_initiative"),
            ("Bewonersorganisatie Mussenbuurt", "resident_initiative"),
            ("Synthese", "welfare"),
        ],
        "sites": [
            "Herinrichting",
            "Ontmoetingsplekken",
            "Sociale activiteiten",
            "Creatieve activiteiten",
            "Burenhulp",
        ],
        "names": {
            "bewoner": "Truus Janssen",
            "professional": "Bram Hermans",
            "facilitator": "Lieke Peeters",
            "coordinator": "Sjaak Verhoeven",
        },
        "extra_members": [
            ("mieke", "Mieke Geurts", "resident"),
            ("amira", "Amira Haddad", "resident"),
            ("tom", "Tom Linders", "professional"),
        ],
        "initiatives": [
            {
                "title": "Inspraakavond herinrichting Mussenbuurt",
                "column": 1,
                "site": "Herinrichting",
                "resident_lead": "coordinator",
                "professional_lead": "professional",
                "due_in_days": 9,
                "description": (
                    "Bewoners denken mee over straten en groen voordat de gemeente het ontwerp "
                    "vastlegt. De bewonersorganisatie en Synthese leiden de avond samen."
                ),
                "checklist": [
                    ("Zaal vastleggen", True),
                    ("Tekenaar van de gemeente uitnodigen", True),
                    ("Uitnodiging in drie talen", False),
                ],
                "comments": [
                    (
                        "professional",
                        "De gemeente kan op de 14e niet. Zullen we een week opschuiven?",
                    ),
                    ("coordinator", "Prima, als het maar vóór de zomer is."),
                ],
            },
            {
                "title": "Bankjes en een pluktuin in In de Riet",
                "column": 0,
                "site": "Herinrichting",
                "resident_lead": "mieke",
                "professional_lead": None,
                "due_in_days": 40,
                "description": (
                    "Op het braakliggende stuk grond bij de speeltuin willen bewoners bankjes "
                    "en fruitstruiken. Eerst uitzoeken van wie de grond is."
                ),
                "created_by": "mieke",
            },
            {
                "title": "Huiskamer van de wijk in de Norbertuskerk",
                "column": 2,
                "site": "Ontmoetingsplekken",
                "resident_lead": "bewoner",
                "professional_lead": "tom",
                "due_in_days": 18,
                "description": (
                    "Op woensdagmiddag is de zijzaal van de kerk open als huiskamer voor de wijk, "
                    "met koffie, spelletjes en een luisterend oor."
                ),
                "checklist": [
                    ("Afspraken met het kerkbestuur", True),
                    ("Rooster van vrijwilligers", True),
                    ("Ook bij nieuwkomers bekendmaken", False),
                ],
                "moved_by": "tom",
            },
            {
                "title": "Taalcafé voor nieuwkomers",
                "column": 2,
                "site": "Sociale activiteiten",
                "resident_lead": "amira",
                "professional_lead": "professional",
                "due_in_days": -3,
                "description": (
                    "Nieuwe inwoners oefenen Nederlands met buurtbewoners in een ontspannen "
                    "sfeer. Een taalcoach van Synthese helpt met het materiaal."
                ),
                "checklist": [
                    ("Taalmaatjes werven", True),
                    ("Materiaal op niveau A1 en A2", True),
                    ("Kinderopvang tijdens het café", False),
                ],
                "comments": [
                    (
                        "amira",
                        "Er komen nu ook twee moeders met kleine kinderen; opvang is echt nodig.",
                    ),
                    ("tom", "Ik vraag bij de peuterspeelzaal of we hun ruimte mogen gebruiken."),
                ],
                "created_by": "amira",
            },
            {
                "title": "Schilderworkshop voor jong en oud",
                "column": 3,
                "site": "Creatieve activiteiten",
                "resident_lead": "mieke",
                "professional_lead": "tom",
                "due_in_days": None,
                "description": (
                    "Drie middagen schilderen met kinderen en ouderen uit de drie wijken. "
                    "De doeken hangen nu in het wijkcentrum."
                ),
                "checklist": [
                    ("Verf en doeken inkopen", True),
                    ("Expositie in het wijkcentrum", True),
                ],
            },
            {
                "title": "Burenhulploket in de Mussenbuurt",
                "column": 1,
                "site": "Burenhulp",
                "resident_lead": "bewoner",
                "professional_lead": "facilitator",
                "due_in_days": 25,
                "description": (
                    "Eén vast aanspreekpunt waar buren hulp kunnen vragen en aanbieden, van een "
                    "klusje tot een lift naar het ziekenhuis."
                ),
                "checklist": [
                    ("Wie bemant het loket?", True),
                    ("Telefoonnummer regelen", False),
                ],
                "created_by": "facilitator",
            },
            {
                "title": "Wijkbarbecue voor de drie wijken",
                "column": 0,
                "site": "Sociale activiteiten",
                "resident_lead": "coordinator",
                "professional_lead": "tom",
                "due_in_days": 60,
                "description": (
                    "Een zomerse barbecue waar bewoners van In de Riet, de Norbertuswijk en de "
                    "Mussenbuurt elkaar ontmoeten."
                ),
            },
            {
                "title": "Kledingruil in het wijkcentrum",
                "column": 2,
                "site": "Burenhulp",
                "resident_lead": "amira",
                "professional_lead": "professional",
                "due_in_days": 6,
                "description": (
                    "Gratis kleding ruilen zonder dat iemand hoeft te zeggen waarom. Zo maken we "
                    "geldzorgen bespreekbaar zonder iemand aan te wijzen."
                ),
                "checklist": [
                    ("Kledingrekken lenen", True),
                    ("Inzameling bij de scholen", False),
                    ("Vrijwilligers voor de opbouw", False),
                ],
            },
            {
                "title": "Mozaïekbank door kinderen uit de buurt",
                "column": 1,
                "site": "Creatieve activiteiten",
                "resident_lead": "mieke",
                "professional_lead": "facilitator",
                "due_in_days": -6,
                "description": (
                    "Kinderen ontwerpen en leggen samen met een kunstenaar een mozaïek op een "
                    "betonnen bank bij het speelveld."
                ),
                "checklist": [
                    ("Kunstenaar benaderen", True),
                    ("Toestemming van de gemeente", False),
                ],
                "comments": [
                    (
                        "facilitator",
                        "De vergunning laat op zich wachten; ik bel woensdag de gemeente.",
                    ),
                ],
                "moved_by": "facilitator",
            },
            {
                "title": "Klussendienst voor oudere buren",
                "column": 3,
                "site": "Burenhulp",
                "resident_lead": "bewoner",
                "professional_lead": "professional",
                "due_in_days": None,
                "description": (
                    "Handige buren helpen ouderen met kleine klussen zoals een lamp ophangen of "
                    "een kraan repareren."
                ),
                "checklist": [
                    ("Lijst met klussers", True),
                    ("Gereedschapskist aanschaffen", True),
                    ("Verzekering navragen", True),
                ],
            },
        ],
    },
    {
        "slug": "utrecht",
        "name": "Utrecht Zuilen",
        "aim": (
            "Kracht van Zuilen en Dock bouwen aan een samenwerking die blijft staan, ook als "
            "mensen vertrekken. In zes oefenvijvers proberen ze samen uit hoe ze meer betekenen "
            "voor de wijk."
        ),
        "site_kind": "oefenvijver",
        "organisations": [
            ("Kracht van Zuilen", "resident_initiative"),
            ("Dock", "welfare"),
        ],
        "sites": [
            "Burennetwerk",
            "Wijkinformatiepunt",
            "Ontmoetingsplekken",
            "Bewonerszeggenschap",
            "Beweegvriendelijke wijk",
            "Evenementen en tradities",
        ],
        "names": {
            "bewoner": "Nadia Bouzid",
            "professional": "Jeroen de Wit",
            "facilitator": "Sanne Visser",
            "coordinator": "Kees Oudshoorn",
        },
        "extra_members": [
            ("annelies", "Annelies Brouwer", "resident"),
            ("mehmet", "Mehmet Yilmaz", "resident"),
            ("lotte", "Lotte van Rijn", "professional"),
        ],
        "initiatives": [
            {
                "title": "Buurtkamer in de Zuilense bibliotheek",
                "column": 2,
                "site": "Ontmoetingsplekken",
                "resident_lead": "bewoner",
                "professional_lead": "professional",
                "due_in_days": 12,
                "description": (
                    "Twee middagen per week een plek in de bibliotheek waar buurtbewoners elkaar "
                    "ontmoeten. Vrijwilligers van Kracht van Zuilen ontvangen, Dock is erbij."
                ),
                "checklist": [
                    ("Afspraken met de bibliotheek", True),
                    ("Gastvrouwen en -heren gevonden", True),
                    ("Koffieautomaat regelen", False),
                ],
                "comments": [
                    ("bewoner", "De eerste middag kwamen er al twaalf mensen binnenlopen."),
                    (
                        "professional",
                        "Ik heb twee mensen doorverwezen naar het spreekuur geldzaken.",
                    ),
                ],
                "created_by": "bewoner",
            },
            {
                "title": "Wijkinformatiepunt op zaterdag",
                "column": 1,
                "site": "Wijkinformatiepunt",
                "resident_lead": "annelies",
                "professional_lead": "lotte",
                "due_in_days": 20,
                "description": (
                    "Ook wie doordeweeks werkt, moet met vragen terechtkunnen. Een proef met "
                    "zaterdagochtenden, bemand door een bewoner en een professional samen."
                ),
                "checklist": [
                    ("Rooster voor vier zaterdagen", True),
                    ("Sleutel van het wijkcentrum", False),
                    ("Aankondiging in de wijkkrant", False),
                ],
                "comments": [
                    ("annelies", "Ik kan de eerste twee zaterdagen, daarna ben ik op vakantie."),
                    ("lotte", "Dan neem ik de derde met Mehmet, als hij kan."),
                    ("mehmet", "Komt goed."),
                ],
            },
            {
                "title": "Burennetwerk per portiek",
                "column": 0,
                "site": "Burennetwerk",
                "resident_lead": "mehmet",
                "professional_lead": None,
                "due_in_days": 30,
                "description": (
                    "In elke portiek één bewoner die de buren kent en weet wie er hulp kan "
                    "gebruiken. Beginnen in drie flats."
                ),
                "created_by": "mehmet",
            },
            {
                "title": "Bewonersbudget: de buurt beslist mee",
                "column": 1,
                "site": "Bewonerszeggenschap",
                "resident_lead": "coordinator",
                "professional_lead": "facilitator",
                "due_in_days": -5,
                "description": (
                    "Bewoners stemmen over hoe een deel van het wijkbudget wordt besteed. Eerst "
                    "samen spelregels maken die voor Kracht van Zuilen en Dock allebei werken."
                ),
                "checklist": [
                    ("Voorbeelden uit andere wijken verzamelen", True),
                    ("Spelregels opstellen", False),
                    ("Bespreken met de gemeente", False),
                ],
                "comments": [
                    ("facilitator", "Ik heb voorbeelden uit Overvecht en Kanaleneiland gedeeld."),
                    (
                        "coordinator",
                        "Dank je. Kunnen we de spelregels volgende week samen afmaken?",
                    ),
                ],
            },
            {
                "title": "Wandelroute langs de Vecht met beweegpunten",
                "column": 2,
                "site": "Beweegvriendelijke wijk",
                "resident_lead": "annelies",
                "professional_lead": "lotte",
                "due_in_days": 16,
                "description": (
                    "Een rondje van drie kilometer met bordjes voor eenvoudige oefeningen, "
                    "geschikt voor ouderen en mensen met een rollator."
                ),
                "checklist": [
                    ("Route gelopen met een fysiotherapeut", True),
                    ("Ontwerp bordjes", True),
                    ("Toestemming voor plaatsing", False),
                ],
                "moved_by": "lotte",
            },
            {
                "title": "Zuilens buurtfeest in september",
                "column": 0,
                "site": "Evenementen en tradities",
                "resident_lead": "mehmet",
                "professional_lead": "professional",
                "due_in_days": 50,
                "description": (
                    "Een feest op het plein, georganiseerd door bewoners, met muziek en eten uit "
                    "alle keukens van de wijk."
                ),
                "checklist": [("Datum prikken", False)],
            },
            {
                "title": "Samenwerkingsafspraken in een gedeeld draaiboek",
                "column": 2,
                "site": "Bewonerszeggenschap",
                "resident_lead": "coordinator",
                "professional_lead": "facilitator",
                "due_in_days": -1,
                "description": (
                    "Zodat de samenwerking niet van een paar mensen afhangt, schrijven Kracht van "
                    "Zuilen en Dock op wie wat doet, hoe besluiten vallen en wie je belt."
                ),
                "checklist": [
                    ("Inhoudsopgave afspreken", True),
                    ("Hoofdstuk besluiten nemen", True),
                    ("Hoofdstuk overdracht bij vertrek", False),
                    ("Vaststellen in beide besturen", False),
                ],
                "created_by": "facilitator",
            },
            {
                "title": "Beweegbankjes in het park",
                "column": 3,
                "site": "Beweegvriendelijke wijk",
                "resident_lead": "bewoner",
                "professional_lead": "lotte",
                "due_in_days": None,
                "description": (
                    "Drie bankjes met handgrepen en trappers, zodat ouderen onderweg even kunnen "
                    "rusten en bewegen."
                ),
                "checklist": [
                    ("Leverancier kiezen", True),
                    ("Opening met de buurt", True),
                ],
            },
            {
                "title": "Lampionnenoptocht met Sint-Maarten",
                "column": 3,
                "site": "Evenementen en tradities",
                "resident_lead": "bewoner",
                "professional_lead": "professional",
                "due_in_days": None,
                "description": (
                    "Kinderen en ouders liepen met zelfgemaakte lampionnen door de wijk. "
                    "Honderdtwintig deelnemers, volgend jaar weer."
                ),
                "checklist": [
                    ("Lampionnen knutselen op school", True),
                    ("Route en verkeersregelaars", True),
                    ("Warme chocomel na afloop", True),
                ],
                "comments": [
                    ("coordinator", "Wat een opkomst! Zet de evaluatie in het draaiboek."),
                ],
            },
            {
                "title": "Burenhulp-app testen in twee straten",
                "column": 1,
                "site": "Burennetwerk",
                "resident_lead": "mehmet",
                "professional_lead": "professional",
                "due_in_days": 8,
                "description": (
                    "Een eenvoudige app waarin buren hulp vragen en aanbieden. We testen eerst "
                    "met twee straten voordat we het breder aanbieden."
                ),
                "checklist": [
                    ("App kiezen", True),
                    ("Deelnemers werven", False),
                ],
                "moved_by": "professional",
            },
            {
                "title": "Spreekuur geldzaken in het wijkinformatiepunt",
                "column": 0,
                "site": "Wijkinformatiepunt",
                "resident_lead": None,
                "professional_lead": "professional",
                "due_in_days": 28,
                "description": (
                    "Hulp bij brieven, toeslagen en betalingsregelingen. We zoeken nog een bewoner "
                    "die het spreekuur samen met Dock wil trekken."
                ),
                "created_by": "professional",
            },
        ],
    },
    {
        "slug": "voorst",
        "name": "Voorst",
        "aim": (
            "Ouder wordende inwoners van de gemeente Voorst moeten langer en met plezier thuis "
            "kunnen blijven wonen. Mens en Welzijn Voorst, Duistervoorde en De Benring verbinden "
            "daarvoor vrijwillig en beroepsmatig werk en leren stelselmatig van elkaar."
        ),
        "site_kind": "werkplaats",
        "organisations": [
            ("Stichting Mens en Welzijn Voorst", "welfare"),
            ("Stichting Duistervoorde", "resident_initiative"),
            ('Woonzorgcoöperatie Voorst en omstreken "De Benring"', "housing_care"),
        ],
        "sites": ["Ontmoetingsplekken", "Overlegstructuur", "Leernetwerk"],
        "names": {
            "bewoner": "Gerda Wiegman",
            "professional": "Marloes ten Have",
            "facilitator": "Wouter Brinkman",
            "coordinator": "Bert Oosterhof",
        },
        "extra_members": [
            ("dinie", "Dinie Klein Gunnewiek", "resident"),
            ("hennie", "Hennie Rouwenhorst", "resident"),
            ("ilse", "Ilse Nijland", "professional"),
        ],
        "initiatives": [
            {
                "title": "Eetpunt in het dorpshuis van Wilp",
                "column": 2,
                "site": "Ontmoetingsplekken",
                "resident_lead": "hennie",
                "professional_lead": "ilse",
                "due_in_days": 10,
                "description": (
                    "Elke tweede woensdag van de maand een warme maaltijd voor ouderen uit het "
                    "dorp, gekookt door vrijwilligers."
                ),
                "checklist": [
                    ("Kookploeg samengesteld", True),
                    ("Afspraak met het dorpshuis", True),
                    ("Dieetwensen inventariseren", False),
                ],
                "comments": [
                    ("hennie", "We zaten de eerste keer met achtentwintig man aan tafel."),
                    ("ilse", "Twee gasten vroegen naar hulp in huis; ik neem contact met ze op."),
                ],
                "created_by": "hennie",
            },
            {
                "title": "Huiskamer in Duistervoorde op donderdag",
                "column": 3,
                "site": "Ontmoetingsplekken",
                "resident_lead": "bewoner",
                "professional_lead": "professional",
                "due_in_days": None,
                "description": (
                    "De huiskamer draait nu elke donderdagmiddag op eigen kracht, met een vaste "
                    "groep vrijwilligers."
                ),
                "checklist": [
                    ("Vrijwilligersrooster", True),
                    ("Evaluatie met de bezoekers", True),
                ],
            },
            {
                "title": "Vervoer naar de ontmoetingsplekken",
                "column": 1,
                "site": "Ontmoetingsplekken",
                "resident_lead": "dinie",
                "professional_lead": "professional",
                "due_in_days": -7,
                "description": (
                    "Wie niet meer zelf kan rijden, komt nu vaak niet. We zoeken vrijwillige "
                    "chauffeurs en kijken of de buurtbus kan meedoen."
                ),
                "checklist": [
                    ("Chauffeurs werven", True),
                    ("Gesprek met de buurtbusvereniging", False),
                    ("Verzekering regelen", False),
                ],
                "comments": [
                    ("dinie", "Drie chauffeurs hebben zich gemeld, vooral uit Twello."),
                    (
                        "professional",
                        "De buurtbus heeft pas over twee weken tijd voor een gesprek.",
                    ),
                    ("coordinator", "Dan schuiven we de datum op, dat is geen ramp."),
                ],
            },
            {
                "title": "Maandelijks overleg van de drie organisaties",
                "column": 2,
                "site": "Overlegstructuur",
                "resident_lead": "coordinator",
                "professional_lead": "facilitator",
                "due_in_days": 4,
                "description": (
                    "Een vast overleg met een korte agenda: wat loopt er, waar lopen we tegenaan "
                    "en wat leren we ervan. De voorzitter rouleert."
                ),
                "checklist": [
                    ("Vaste datum in de agenda's", True),
                    ("Agendaformat afspreken", True),
                    ("Verslag in de gedeelde map", False),
                ],
                "moved_by": "facilitator",
            },
            {
                "title": "Eén aanspreekpunt per dorpskern",
                "column": 0,
                "site": "Overlegstructuur",
                "resident_lead": "coordinator",
                "professional_lead": None,
                "due_in_days": 45,
                "description": (
                    "Inwoners en professionals weten niet altijd bij wie ze moeten zijn. Per dorp "
                    "één bekend gezicht kan dat oplossen."
                ),
            },
            {
                "title": "Leerbijeenkomst valpreventie thuis",
                "column": 1,
                "site": "Leernetwerk",
                "resident_lead": "bewoner",
                "professional_lead": "ilse",
                "due_in_days": 15,
                "description": (
                    "Vrijwilligers en professionals leren samen van een ergotherapeut hoe je "
                    "valgevaar in huis herkent en bespreekbaar maakt."
                ),
                "checklist": [
                    ("Ergotherapeut gevraagd", True),
                    ("Zaal in De Benring", False),
                ],
                "created_by": "ilse",
            },
            {
                "title": "Intervisie voor vrijwilligers en professionals",
                "column": 2,
                "site": "Leernetwerk",
                "resident_lead": "dinie",
                "professional_lead": "facilitator",
                "due_in_days": 30,
                "description": (
                    "Eens in de zes weken een casus bespreken in een gemengde groep, begeleid "
                    "door een facilitator."
                ),
                "checklist": [
                    ("Groep van acht deelnemers", True),
                    ("Methode kiezen", True),
                    ("Tweede bijeenkomst plannen", False),
                ],
                "comments": [
                    ("dinie", "Fijn om eens te horen waar de professionals tegenaan lopen."),
                ],
                "created_by": "facilitator",
            },
            {
                "title": "Verslagen delen in één gezamenlijke map",
                "column": 3,
                "site": "Leernetwerk",
                "resident_lead": "hennie",
                "professional_lead": "professional",
                "due_in_days": None,
                "description": (
                    "Verslagen en leerpunten van de drie organisaties staan nu op één plek die "
                    "iedereen kan vinden."
                ),
                "checklist": [("Mappenstructuur afgesproken", True)],
            },
            {
                "title": "Ontmoetingsplek in Klarenbeek verkennen",
                "column": 0,
                "site": "Ontmoetingsplekken",
                "resident_lead": "bewoner",
                "professional_lead": "ilse",
                "due_in_days": 35,
                "description": (
                    "In Klarenbeek is nog geen vaste plek voor ouderen. We praten met de kerk, "
                    "de school en het café over wat er mogelijk is."
                ),
                "created_by": "bewoner",
            },
            {
                "title": "Informatiemarkt 'Langer thuis' in Twello",
                "column": 1,
                "site": "Ontmoetingsplekken",
                "resident_lead": "hennie",
                "professional_lead": "professional",
                "due_in_days": 22,
                "description": (
                    "Een markt over hulpmiddelen, woningaanpassing en vrijwillige hulp, met "
                    "kramen van de drie organisaties."
                ),
                "checklist": [
                    ("Standhouders benaderen", True),
                    ("Aankondiging in het huis-aan-huisblad", False),
                    ("Koffie en thee", False),
                ],
            },
        ],
    },
    {
        "slug": "wageningen",
        "name": "Wageningen De Nude",
        "aim": (
            "Buurtbedrijf NuDeToekomst en Solidez maken samen dagactiviteiten, leerwerkplekken "
            "en werkervaringsplaatsen in De Nude. Zo krijgen bewoners dicht bij huis de kans om "
            "te leren en te werken."
        ),
        "site_kind": "project",
        "organisations": [
            ("Buurtbedrijf NuDeToekomst", "resident_initiative"),
            ("Solidez", "welfare"),
        ],
        "sites": ["Dagactiviteiten", "Leerwerkplekken", "Werkervaringsplaatsen"],
        "names": {
            "bewoner": "Samira Ouali",
            "professional": "Thijs Bakker",
            "facilitator": "Judith van Lent",
            "coordinator": "Ruud Vermeulen",
        },
        "extra_members": [
            ("kofi", "Kofi Mensah", "resident"),
            ("wilma", "Wilma Schouten", "resident"),
            ("sven", "Sven de Boer", "professional"),
        ],
        "initiatives": [
            {
                "title": "Wijkrestaurant met leerwerkplekken in de keuken",
                "column": 2,
                "site": "Leerwerkplekken",
                "resident_lead": "coordinator",
                "professional_lead": "professional",
                "due_in_days": 14,
                "description": (
                    "Twee avonden per week koken bewoners voor de wijk. Wie in de keuken "
                    "meedraait, leert het vak en krijgt begeleiding van Solidez."
                ),
                "checklist": [
                    ("Hygiënecursus voor de kookploeg", True),
                    ("Menu voor de eerste maand", True),
                    ("Kassasysteem", False),
                ],
                "comments": [
                    ("professional", "Vier deelnemers hebben de hygiënecursus gehaald."),
                    ("coordinator", "Top. Dan kunnen we over twee weken open."),
                ],
            },
            {
                "title": "Fietsenwerkplaats in de oude garage",
                "column": 1,
                "site": "Werkervaringsplaatsen",
                "resident_lead": "kofi",
                "professional_lead": "sven",
                "due_in_days": 21,
                "description": (
                    "Bewoners repareren fietsen voor buren en leren zo een vak. Geschikt als "
                    "werkervaringsplaats voor mensen zonder werk."
                ),
                "checklist": [
                    ("Huurcontract garage", True),
                    ("Gereedschap via de kringloop", False),
                    ("Begeleider vinden", False),
                ],
                "created_by": "kofi",
            },
            {
                "title": "Dagbesteding in de buurttuin",
                "column": 2,
                "site": "Dagactiviteiten",
                "resident_lead": "wilma",
                "professional_lead": "professional",
                "due_in_days": -2,
                "description": (
                    "Drie ochtenden per week werken bewoners die een zinvolle dag zoeken samen "
                    "in de buurttuin, met een vaste begeleider."
                ),
                "checklist": [
                    ("Tuinplan voor het seizoen", True),
                    ("Vaste begeleider", True),
                    ("Afspraken over vervoer", False),
                ],
                "comments": [
                    ("wilma", "De kas is klaar, nu nog de regenton aansluiten."),
                ],
                "moved_by": "professional",
            },
            {
                "title": "Certificaat voor deelnemers aan een leerwerkplek",
                "column": 1,
                "site": "Leerwerkplekken",
                "resident_lead": "bewoner",
                "professional_lead": "facilitator",
                "due_in_days": -9,
                "description": (
                    "Wie een leerwerktraject afrondt, krijgt een erkend bewijs van wat hij of zij "
                    "kan. We zoeken uit welke opleider dat wil afgeven."
                ),
                "checklist": [
                    ("Opleiders vergelijken", True),
                    ("Kosten in beeld", False),
                ],
                "comments": [
                    (
                        "facilitator",
                        "Het ROC wil meedenken, maar de eerste afspraak is verschoven.",
                    ),
                    ("bewoner", "Zou een praktijkverklaring van het mbo ook kunnen?"),
                ],
                "created_by": "facilitator",
            },
            {
                "title": "Klusteam voor kleine reparaties bij bewoners",
                "column": 0,
                "site": "Werkervaringsplaatsen",
                "resident_lead": "kofi",
                "professional_lead": None,
                "due_in_days": 30,
                "description": (
                    "Een team dat bij buren kleine klussen doet en daarbij werkervaring opdoet. "
                    "Eerst peilen hoeveel vraag er is."
                ),
            },
            {
                "title": "Naaiatelier op vrijdagmiddag",
                "column": 3,
                "site": "Dagactiviteiten",
                "resident_lead": "bewoner",
                "professional_lead": "sven",
                "due_in_days": None,
                "description": (
                    "Het naaiatelier draait op vrijdagmiddag met tien vaste deelnemers en "
                    "verstelt ook kleding voor de buurt."
                ),
                "checklist": [
                    ("Naaimachines opgehaald", True),
                    ("Vaste begeleider", True),
                ],
            },
            {
                "title": "Gezamenlijk intakegesprek voor nieuwe deelnemers",
                "column": 2,
                "site": "Werkervaringsplaatsen",
                "resident_lead": "coordinator",
                "professional_lead": "facilitator",
                "due_in_days": 7,
                "description": (
                    "Nieuwe deelnemers hebben één gesprek met het buurtbedrijf en Solidez samen "
                    "in plaats van twee losse gesprekken."
                ),
                "checklist": [
                    ("Gespreksformulier samenvoegen", True),
                    ("Proef met vijf deelnemers", False),
                ],
                "moved_by": "coordinator",
            },
            {
                "title": "Kookles met groente uit de buurttuin",
                "column": 0,
                "site": "Dagactiviteiten",
                "resident_lead": "wilma",
                "professional_lead": "professional",
                "due_in_days": 40,
                "description": (
                    "Wat in de buurttuin groeit, koken we samen op. Gezond eten leren met wat de "
                    "wijk zelf oplevert."
                ),
                "created_by": "wilma",
            },
            {
                "title": "Werkervaringsplaats bij de kringloopwinkel",
                "column": 3,
                "site": "Werkervaringsplaatsen",
                "resident_lead": "kofi",
                "professional_lead": "professional",
                "due_in_days": None,
                "description": (
                    "Twee bewoners werken nu vier dagen per week in de kringloopwinkel, met een "
                    "werkbegeleider van het buurtbedrijf."
                ),
                "checklist": [
                    ("Afspraken met de kringloopwinkel", True),
                    ("Eerste evaluatiegesprek", True),
                ],
                "comments": [
                    ("kofi", "Eén van hen mag na de zomer blijven met een contract!"),
                ],
            },
            {
                "title": "Maatjes voor leerwerkers",
                "column": 0,
                "site": "Leerwerkplekken",
                "resident_lead": "bewoner",
                "professional_lead": "sven",
                "due_in_days": 26,
                "description": (
                    "Een ervaren buurtbewoner als maatje naast iedere nieuwe leerwerker, voor "
                    "de praktische vragen en een steuntje in de rug."
                ),
                "checklist": [("Profiel van een maatje beschrijven", False)],
            },
        ],
    },
]


# Ideas per coalition: title, description, work site (or None), proposer, supporters, status.
IDEAS = {
    "apeldoorn": [
        (
            "Zwerfvuil-ochtend met de hele straat",
            "Eén zaterdag per maand samen prikken, met koffie na afloop.",
            "De Heeze",
            "bewoner",
            ["professional", "gerrit", "fatima"],
            "shortlisted",
        ),
        (
            "Buurtapp voor klusjes",
            "Een plek om kleine klussen te vragen en aan te bieden.",
            "De Heeze",
            "fatima",
            ["bewoner"],
            "open",
        ),
        (
            "Voorleesmiddag in de bibliotheek",
            "Ouderen lezen voor aan kinderen uit de buurt.",
            None,
            "joost",
            ["coordinator", "gerrit"],
            "shortlisted",
        ),
        (
            "Bankjes bij de speeltuin",
            "Zodat ouders en grootouders kunnen blijven zitten.",
            "De Heeze",
            "gerrit",
            [],
            "open",
        ),
    ],
    "horst-aan-de-maas": [
        (
            "Samen eten in de Mussenbuurt",
            "Elke maand een maaltijd waar nieuwkomers en oude bewoners samen koken.",
            "Sociale activiteiten",
            "bewoner",
            ["professional", "coordinator"],
            "shortlisted",
        ),
        (
            "Geveltuintjes in In de Riet",
            "Bewoners helpen elkaar met een tegel eruit en planten erin.",
            "Herinrichting",
            "professional",
            ["bewoner"],
            "open",
        ),
        (
            "Burenhulp-bord in de supermarkt",
            "Een prikbord voor hulp vragen en aanbieden.",
            "Burenhulp",
            "coordinator",
            ["bewoner", "professional"],
            "shortlisted",
        ),
        (
            "Schilderworkshop voor jong en oud",
            "Een middag schilderen in het buurthuis.",
            "Creatieve activiteiten",
            "bewoner",
            [],
            "open",
        ),
    ],
    "utrecht": [
        (
            "Buurtkrant op papier",
            "Niet iedereen zit op internet: een krant die bij iedereen in de bus valt.",
            "Wijkinformatiepunt",
            "bewoner",
            ["professional", "coordinator"],
            "shortlisted",
        ),
        (
            "Jeu-de-boulesbaan in het park",
            "Bewegen en elkaar ontmoeten tegelijk.",
            "Beweegvriendelijke wijk",
            "professional",
            ["bewoner"],
            "shortlisted",
        ),
        (
            "Straatfeest op Burendag",
            "Elke straat een tafel buiten.",
            "Evenementen en tradities",
            "coordinator",
            ["bewoner", "professional"],
            "shortlisted",
        ),
        (
            "Meer bankjes langs de Vecht",
            "Om onderweg even uit te rusten.",
            "Beweegvriendelijke wijk",
            "bewoner",
            [],
            "open",
        ),
    ],
    "voorst": [
        (
            "Koffie-ochtend in De Benring",
            "Wekelijks binnenlopen voor koffie en een praatje.",
            "Ontmoetingsplekken",
            "bewoner",
            ["professional", "coordinator"],
            "shortlisted",
        ),
        (
            "Vervoer naar de huisarts",
            "Vrijwilligers rijden ouderen die niet meer zelf kunnen rijden.",
            None,
            "professional",
            ["bewoner"],
            "shortlisted",
        ),
        (
            "Leesgroep voor ouderen",
            "Samen een boek lezen en bespreken.",
            "Leernetwerk",
            "coordinator",
            ["bewoner", "professional"],
            "shortlisted",
        ),
        (
            "Valpreventie-cursus",
            "Oefenen om vallen te voorkomen.",
            "Leernetwerk",
            "bewoner",
            [],
            "open",
        ),
    ],
    "wageningen": [
        (
            "Fietsenwerkplaats in De Nude",
            "Leren repareren en zo werkervaring opdoen.",
            "Leerwerkplekken",
            "bewoner",
            ["professional", "coordinator"],
            "shortlisted",
        ),
        (
            "Buurtkeuken voor lunch",
            "Dagelijks een lunch, gekookt door buurtbewoners.",
            "Dagactiviteiten",
            "professional",
            ["bewoner"],
            "shortlisted",
        ),
        (
            "Groenonderhoud door buurtbewoners",
            "Betaald werk in de eigen wijk.",
            "Werkervaringsplaatsen",
            "coordinator",
            ["bewoner", "professional"],
            "shortlisted",
        ),
        (
            "Spelletjesmiddag",
            "Kaarten en bordspellen voor wie zich alleen voelt.",
            "Dagactiviteiten",
            "bewoner",
            [],
            "open",
        ),
    ],
}


# Activities per coalition. Dates count from the day the seed runs (Dutch local date):
# "days_from_today" is the (first) date, moved forward to "weekday" (0 Monday … 6 Sunday) when
# given. A series ("recurrence") starts a few weeks back, so it has past and coming dates.
# People are named by mailbox; "organisers" plan it (the first is the one who plans it).
# "claims" (item, person) and "rsvps" (person, answer) go to the next coming occurrence:
# answers are refused for dates that are over or cancelled. "move_second" moves the second
# coming occurrence a day later, "cancel_third" calls off the third.
ACTIVITIES = {
    "apeldoorn": [
        {
            "title": "Koffieochtend in het buurthuis",
            "kind": "neighbourhood",
            "days_from_today": -27,
            "weekday": 1,
            "start": "10:00",
            "end": "11:30",
            "recurrence": "weekly",
            "place": "Buurthuis De Heeze",
            "address": "De Heeze, Apeldoorn",
            "site": "De Heeze",
            "initiative": "Koffieochtend in het buurthuis op dinsdag",
            "description": (
                "Elke dinsdagochtend staat de koffie klaar voor wie even wil bijpraten. "
                "Bewoners van Reisgenoten schenken, de opbouwwerker van Stimenz is erbij voor "
                "vragen. Iedereen is welkom, ook als je maar even binnenloopt."
            ),
            "organisers": ["fatima", "professional"],
            "items": [
                "Koffie en thee",
                "Sleutel van het buurthuis",
                "Cake of koekjes",
                "Melk en suiker",
            ],
            "claims": [
                ("Sleutel van het buurthuis", "professional"),
                ("Cake of koekjes", "fatima"),
            ],
            "rsvps": [
                ("bewoner", "yes"),
                ("gerrit", "maybe"),
                ("coordinator", "yes"),
                ("joost", "no"),
            ],
        },
        {
            "title": "Opschoondag rond het speelveld",
            "kind": "neighbourhood",
            "days_from_today": -32,
            "weekday": 5,
            "start": "10:00",
            "end": "13:00",
            "place": "Speelveld De Heeze, verzamelen bij het buurthuis",
            "address": "De Heeze, Apeldoorn",
            "site": "De Heeze",
            "initiative": "Opschoondag rond het speelveld",
            "description": (
                "Met de hele buurt het speelveld en de bosjes eromheen opruimen. Prikstokken en "
                "zakken leent de gemeente uit; na afloop is er soep in het buurthuis."
            ),
            "organisers": ["gerrit", "professional"],
            "items": ["Prikstokken en vuilniszakken", "Pan soep", "Werkhandschoenen"],
        },
        {
            "title": "Actieteam De Heeze: het jaarplan samen doorlopen",
            "kind": "meeting",
            "days_from_today": 6,
            "start": "19:30",
            "end": "21:30",
            "place": "Buurthuis De Heeze, achterzaal",
            "address": "De Heeze, Apeldoorn",
            "site": "De Heeze",
            "description": (
                "Reisgenoten en Stimenz lopen het gezamenlijke jaarplan voor de gemeente door: "
                "klopt de begroting, wie doet wat, en wanneer bellen we de wijkregisseur?"
            ),
            "organisers": ["coordinator", "professional"],
            "items": ["Printjes van beide begrotingen", "Laptop en beamer", "Koffie en thee"],
            "claims": [("Printjes van beide begrotingen", "facilitator")],
            "rsvps": [
                ("bewoner", "yes"),
                ("facilitator", "yes"),
                ("joost", "maybe"),
                ("gerrit", "no"),
            ],
        },
        {
            "title": "Training: het goede gesprek aan de voordeur",
            "kind": "training",
            "days_from_today": 17,
            "start": "19:00",
            "end": "21:30",
            "place": "Buurthuis De Heeze",
            "address": "De Heeze, Apeldoorn",
            "site": "De Heeze",
            "description": (
                "Bewoners en professionals oefenen samen hoe je een buur aanspreekt als je je "
                "zorgen maakt, en wanneer je iemand naar Stimenz verwijst. Met een trainer en "
                "oefeningen uit de eigen buurt."
            ),
            "organisers": ["facilitator", "bewoner"],
            "items": ["Flyers met wie je kunt bellen", "Naamkaartjes"],
            "rsvps": [("fatima", "yes"), ("professional", "yes"), ("gerrit", "maybe")],
        },
    ],
    "horst-aan-de-maas": [
        {
            "title": "Werkplaatsoverleg Westenwind",
            "kind": "meeting",
            "days_from_today": -38,
            "weekday": 0,
            "start": "19:30",
            "end": "21:00",
            "recurrence": "fortnightly",
            "place": "Buurthuis In de Riet",
            "address": "In de Riet, Horst",
            "description": (
                "Om de twee weken zitten de drie bewonersorganisaties en Synthese om tafel: wat "
                "loopt er in de vijf werkplaatsen, waar schuurt het, en wat beslissen we samen?"
            ),
            "organisers": ["coordinator", "professional"],
            "items": ["Sleutel van het buurthuis", "Koffie en thee", "Actielijst geprint"],
            "claims": [("Sleutel van het buurthuis", "coordinator")],
            "rsvps": [
                ("bewoner", "yes"),
                ("mieke", "yes"),
                ("tom", "maybe"),
                ("amira", "no"),
            ],
        },
        {
            "title": "Opening expositie 'Jong en oud schilderen'",
            "kind": "neighbourhood",
            "days_from_today": -19,
            "weekday": 6,
            "start": "14:00",
            "end": "16:30",
            "place": "Wijkcentrum, grote zaal",
            "address": "Horst",
            "site": "Creatieve activiteiten",
            "initiative": "Schilderworkshop voor jong en oud",
            "description": (
                "De doeken van de schilderworkshop hangen in het wijkcentrum. De jongste en de "
                "oudste schilder openen samen de expositie; daarna limonade en koffie."
            ),
            "organisers": ["mieke", "bewoner"],
            "items": ["Limonade en koffie", "Schilderijhaken"],
        },
        {
            "title": "Inspraakavond herinrichting Mussenbuurt",
            "kind": "neighbourhood",
            "days_from_today": 9,
            "start": "19:30",
            "end": "21:30",
            "place": "Buurthuis Mussenbuurt",
            "address": "Mussenbuurt, Horst",
            "site": "Herinrichting",
            "initiative": "Inspraakavond herinrichting Mussenbuurt",
            "description": (
                "Bewoners denken mee over straten, stoepen en groen voordat de gemeente het "
                "ontwerp vastlegt. De tekenaar van de gemeente is erbij; de bewonersorganisatie "
                "en Synthese leiden de avond samen."
            ),
            "organisers": ["coordinator", "professional"],
            "items": [
                "Plattegronden van de wijk op groot formaat",
                "Stiften en post-its",
                "Koffie en thee voor zestig mensen",
                "Flyers in drie talen",
            ],
            "claims": [("Stiften en post-its", "bewoner"), ("Flyers in drie talen", "amira")],
            "rsvps": [
                ("bewoner", "yes"),
                ("mieke", "yes"),
                ("amira", "maybe"),
                ("tom", "yes"),
                ("facilitator", "no"),
            ],
        },
        {
            "title": "Training samen beslissen als gelijken",
            "kind": "training",
            "days_from_today": 15,
            "start": "19:00",
            "end": "21:30",
            "place": "Buurthuis In de Riet",
            "address": "In de Riet, Horst",
            "description": (
                "Actieve inwoners en medewerkers van Synthese oefenen samen met besluiten "
                "zonder dat één kant het laatste woord heeft: voorstel, vragen, bezwaren en "
                "'goed genoeg om te proberen?'."
            ),
            "organisers": ["facilitator", "professional"],
            "items": ["Flip-over en stiften", "Casussen uit de werkplaatsen"],
            "rsvps": [("coordinator", "yes"), ("tom", "yes"), ("bewoner", "maybe")],
        },
    ],
    "utrecht": [
        {
            "title": "Buurtkamer in de bibliotheek",
            "kind": "neighbourhood",
            "days_from_today": -24,
            "weekday": 3,
            "start": "14:00",
            "end": "16:00",
            "recurrence": "weekly",
            "place": "Bibliotheek Zuilen, leestafel achterin",
            "address": "Zuilen, Utrecht",
            "site": "Ontmoetingsplekken",
            "initiative": "Buurtkamer in de Zuilense bibliotheek",
            "description": (
                "Elke donderdagmiddag een plek om elkaar te ontmoeten, een krant te lezen of een "
                "spelletje te doen. Vrijwilligers van Kracht van Zuilen ontvangen, iemand van "
                "Dock is erbij voor vragen."
            ),
            "organisers": ["bewoner", "professional"],
            "items": ["Koffie en thee", "Koekjes", "Spelletjes (rummikub, kaarten)"],
            "claims": [("Koekjes", "annelies")],
            "rsvps": [("annelies", "yes"), ("mehmet", "yes"), ("lotte", "maybe")],
        },
        {
            "title": "Oefenvijverdag: wat leerden we dit kwartaal?",
            "kind": "work_session",
            "days_from_today": -20,
            "start": "13:00",
            "end": "16:30",
            "place": "Buurthuis in Zuilen, bovenzaal",
            "address": "Zuilen, Utrecht",
            "description": (
                "Alle oefenvijvers vertellen kort wat ze deden en wat ze ervan leerden. Daarna "
                "kiezen Kracht van Zuilen en Dock samen wat we vasthouden en wat we loslaten."
            ),
            "organisers": ["facilitator", "professional", "coordinator"],
            "items": ["Lunch voor twintig mensen", "Posters van elke oefenvijver"],
        },
        {
            "title": "Inwerkochtend nieuwe vrijwilligers wijkinformatiepunt",
            "kind": "training",
            "days_from_today": 5,
            "start": "10:00",
            "end": "12:00",
            "place": "Wijkinformatiepunt Zuilen",
            "address": "Zuilen, Utrecht",
            "site": "Wijkinformatiepunt",
            "initiative": "Wijkinformatiepunt op zaterdag",
            "description": (
                "Nieuwe vrijwilligers leren waar je bewoners mee kunt helpen en wanneer je "
                "doorverwijst naar Dock. Met de map met veelgestelde vragen en een rondleiding."
            ),
            "organisers": ["lotte", "bewoner"],
            "items": ["Sleutel van het wijkinformatiepunt", "Map met veelgestelde vragen"],
            "claims": [("Map met veelgestelde vragen", "lotte")],
            "rsvps": [("annelies", "yes"), ("mehmet", "yes"), ("professional", "maybe")],
        },
        {
            "title": "Beweegwandeling langs de Vecht",
            "kind": "neighbourhood",
            "days_from_today": 12,
            "weekday": 5,
            "start": "10:00",
            "end": "11:30",
            "place": "Verzamelen bij de bibliotheek",
            "address": "Zuilen, Utrecht",
            "site": "Beweegvriendelijke wijk",
            "description": (
                "Een rustige wandeling van een uur langs de Vecht, met onderweg oefeningen op de "
                "beweegpunten. Op je eigen tempo; er loopt iemand achteraan."
            ),
            "organisers": ["mehmet", "professional"],
            "items": ["Water en fruit", "Hesjes voor de begeleiders", "EHBO-tasje"],
            "claims": [("Hesjes voor de begeleiders", "mehmet")],
            "rsvps": [("bewoner", "yes"), ("annelies", "no"), ("coordinator", "maybe")],
        },
    ],
    "voorst": [
        {
            "title": "Huiskamer in Duistervoorde",
            "kind": "neighbourhood",
            "days_from_today": -26,
            "weekday": 3,
            "start": "14:00",
            "end": "16:30",
            "recurrence": "weekly",
            "place": "Buurtkamer Duistervoorde",
            "address": "Twello",
            "site": "Ontmoetingsplekken",
            "initiative": "Huiskamer in Duistervoorde op donderdag",
            "description": (
                "Elke donderdagmiddag is de buurtkamer open voor koffie, een spelletje en een "
                "praatje. Vrijwilligers van Duistervoorde ontvangen; wie hulp in huis nodig "
                "heeft, kan het Marloes van Mens en Welzijn vragen."
            ),
            "organisers": ["bewoner", "professional"],
            "items": [
                "Koffie en thee",
                "Sleutel van de buurtkamer",
                "Krant en puzzelboekjes",
                "Iets lekkers bij de koffie",
            ],
            "claims": [
                ("Sleutel van de buurtkamer", "bewoner"),
                ("Iets lekkers bij de koffie", "hennie"),
            ],
            "rsvps": [
                ("dinie", "yes"),
                ("hennie", "yes"),
                ("coordinator", "maybe"),
                ("ilse", "no"),
            ],
            "move_second": True,
            "cancel_third": True,
        },
        {
            "title": "Overleg van de drie organisaties",
            "kind": "meeting",
            "days_from_today": -16,
            "start": "19:30",
            "end": "21:00",
            "place": "De Benring, vergaderkamer",
            "address": "Voorst",
            "site": "Overlegstructuur",
            "description": (
                "Mens en Welzijn Voorst, Duistervoorde en De Benring met een korte agenda: wat "
                "loopt er, waar lopen we tegenaan en wat leren we ervan. Voorzitter deze keer: "
                "Bert."
            ),
            "organisers": ["coordinator", "professional"],
            "items": ["Agenda en verslag van de vorige keer"],
        },
        {
            "title": "Leerbijeenkomst valpreventie thuis",
            "kind": "training",
            "days_from_today": 15,
            "start": "19:30",
            "end": "21:30",
            "place": "Dorpshuis Wilp",
            "address": "Wilp",
            "site": "Leernetwerk",
            "initiative": "Leerbijeenkomst valpreventie thuis",
            "description": (
                "Een ergotherapeut laat zien hoe je valgevaar in huis herkent: losse kleedjes, "
                "slechte verlichting, een te lage stoel. En hoe je het bespreekt zonder te "
                "betuttelen. Voor vrijwilligers en professionals samen."
            ),
            "organisers": ["ilse", "bewoner"],
            "items": ["Laptop en beamer", "Hand-outs van de ergotherapeut", "Koffie en thee"],
            "claims": [("Laptop en beamer", "ilse")],
            "rsvps": [("professional", "yes"), ("dinie", "maybe"), ("hennie", "yes")],
        },
        {
            "title": "Intervisie vrijwilligers en professionals",
            "kind": "intervision",
            "days_from_today": 11,
            "start": "19:30",
            "end": "21:30",
            "place": "De Benring, huiskamer",
            "address": "Voorst",
            "site": "Leernetwerk",
            "description": (
                "Een gemengde groep bespreekt één casus met de incidentmethode, onder leiding "
                "van Wouter. Wat gezegd wordt, blijft in de groep."
            ),
            "organisers": ["facilitator", "professional"],
            "items": ["Koffie en thee"],
            "rsvps": [("dinie", "yes"), ("ilse", "yes"), ("bewoner", "maybe")],
        },
    ],
    "wageningen": [
        {
            "title": "Kernteamoverleg NuDeToekomst en Solidez",
            "kind": "meeting",
            "days_from_today": -62,
            "weekday": 0,
            "start": "19:30",
            "end": "21:30",
            "recurrence": "monthly",
            "place": "Buurtbedrijf NuDeToekomst, kantine",
            "address": "De Nude, Wageningen",
            "description": (
                "Eén keer per maand, steeds op dezelfde maandag van de maand: het kernteam van "
                "het buurtbedrijf en Solidez bespreekt de dagactiviteiten, de leerwerkplekken "
                "en de werkervaringsplaatsen."
            ),
            "organisers": ["coordinator", "professional"],
            "items": ["Koffie en thee", "Verslag van de vorige keer"],
            "claims": [("Verslag van de vorige keer", "coordinator")],
            "rsvps": [
                ("bewoner", "yes"),
                ("sven", "yes"),
                ("facilitator", "maybe"),
                ("kofi", "no"),
            ],
        },
        {
            "title": "Proefdraaien in de keuken van het wijkrestaurant",
            "kind": "work_session",
            "days_from_today": -10,
            "start": "10:00",
            "end": "14:00",
            "place": "Wijkrestaurant De Nude",
            "address": "De Nude, Wageningen",
            "site": "Leerwerkplekken",
            "initiative": "Wijkrestaurant met leerwerkplekken in de keuken",
            "description": (
                "De deelnemers met een leerwerkplek koken voor het eerst een hele lunch, voor "
                "buren en vrijwilligers. De kok van het buurtbedrijf begeleidt."
            ),
            "organisers": ["professional", "kofi"],
            "items": ["Boodschappen voor dertig lunches", "Schorten"],
        },
        {
            "title": "Klusmiddag in de fietsenwerkplaats",
            "kind": "work_session",
            "days_from_today": 4,
            "start": "13:30",
            "end": "16:30",
            "place": "De oude garage",
            "address": "De Nude, Wageningen",
            "site": "Leerwerkplekken",
            "initiative": "Fietsenwerkplaats in de oude garage",
            "description": (
                "Samen de werkplaats inrichten: werkbanken neerzetten, gereedschap ophangen en "
                "de eerste gedoneerde fietsen nakijken."
            ),
            "organisers": ["bewoner", "sven"],
            "items": [
                "Sleutel van de garage",
                "Bandenplaksets en pompen",
                "Koffie voor de vrijwilligers",
            ],
            "claims": [("Sleutel van de garage", "kofi")],
            "rsvps": [("kofi", "yes"), ("wilma", "maybe"), ("professional", "yes")],
        },
        {
            "title": "Training werkbegeleiding voor buurtbewoners",
            "kind": "training",
            "days_from_today": 13,
            "start": "19:00",
            "end": "21:30",
            "place": "Buurtbedrijf NuDeToekomst, kantine",
            "address": "De Nude, Wageningen",
            "site": "Werkervaringsplaatsen",
            "description": (
                "Buurtbewoners die een leerwerker begeleiden, leren van Solidez hoe je "
                "afspraken maakt, feedback geeft en merkt wanneer het even niet gaat."
            ),
            "organisers": ["professional"],
            "items": ["Werkboekjes", "Koffie en thee"],
            "rsvps": [("bewoner", "yes"), ("wilma", "yes"), ("kofi", "maybe")],
        },
        {
            "title": "Open middag in de buurttuin",
            "kind": "neighbourhood",
            "days_from_today": 19,
            "weekday": 5,
            "start": "14:00",
            "end": "17:00",
            "place": "Buurttuin De Nude",
            "address": "De Nude, Wageningen",
            "site": "Dagactiviteiten",
            "description": (
                "De deelnemers aan de dagbesteding laten de buurt zien wat er groeit. Met "
                "rondleidingen, een proeverij uit de kas en stekjes om mee te nemen."
            ),
            "organisers": ["wilma", "bewoner"],
            "items": ["Limonade en koekjes", "Flyers voor de buren", "Potjes voor stekjes"],
            "rsvps": [("sven", "yes"), ("coordinator", "maybe")],
        },
    ],
}


def _ensure_user(email: str, display_name: str, **flags) -> tuple[User, bool]:
    """The account with this email, created when missing; True when it is new."""
    user = find_user(email)
    if user is not None:
        return user, False
    user = create_user(email, display_name, DEMO_PASSWORD, **flags)
    db.session.commit()
    return user, True


def _ensure_coalition(data: dict) -> tuple[Coalition, bool]:
    """The coalition with this slug, created with its default columns when missing."""
    coalition = db.session.scalar(select(Coalition).where(Coalition.slug == data["slug"]))
    if coalition is not None:
        return coalition, False
    coalition = coalition_services.create_coalition(
        data["slug"], data["name"], data["aim"], data["site_kind"]
    )
    return coalition, True


def _ensure_member(coalition: Coalition, user: User, role: str, side: str) -> None:
    """Make user a member, leaving an existing membership as it is."""
    exists = db.session.scalar(
        select(Membership.id).where(
            Membership.coalition_id == coalition.id, Membership.user_id == user.id
        )
    )
    if exists is None:
        coalition_services.add_member(coalition, user, role, side)


def _load_people(coalition: Coalition, data: dict) -> tuple[dict[str, User], int]:
    """The coalition's demo people by mailbox name, and how many accounts were new."""
    people: dict[str, User] = {}
    created = 0
    accounts = [
        (mailbox, data["names"][mailbox], role, side) for mailbox, role, side in STANDARD_ACCOUNTS
    ] + [(mailbox, name, "member", side) for mailbox, name, side in data["extra_members"]]
    for mailbox, name, role, side in accounts:
        user, is_new = _ensure_user(f"{mailbox}@{data['slug']}.example", name)
        created += is_new
        _ensure_member(coalition, user, role, side)
        people[mailbox] = user
    return people, created


def _load_partners_and_sites(coalition: Coalition, data: dict, actor: User) -> None:
    """Add the partner organisations and work sites that are not there yet."""
    known_organisations = {o.name for o in coalition_services.organisations(coalition)}
    for name, kind in data["organisations"]:
        if name not in known_organisations:
            coalition_services.add_organisation(coalition, actor, name, kind)
    known_sites = {s.name for s in coalition_services.all_sites(coalition)}
    for name in data["sites"]:
        if name not in known_sites:
            coalition_services.add_site(coalition, actor, name)


def _load_initiative(
    coalition: Coalition,
    card: dict,
    people: dict[str, User],
    columns: list,
    sites: dict[str, int],
) -> None:
    """Create one card in the first column, fill it in, move it into place and discuss it."""
    resident = people.get(card["resident_lead"]) if card["resident_lead"] else None
    professional = people.get(card["professional_lead"]) if card["professional_lead"] else None
    creator = people[card.get("created_by", "coordinator")]
    mover = people[card["moved_by"]] if "moved_by" in card else resident or professional
    due = card["due_in_days"]

    initiative = kanban_services.create_initiative(coalition, creator, columns[0].id, card["title"])
    kanban_services.update_initiative(
        coalition,
        creator,
        initiative,
        CardChanges(
            title=card["title"],
            description=card["description"],
            work_site_id=sites[card["site"]],
            resident_lead_id=resident.id if resident else None,
            professional_lead_id=professional.id if professional else None,
            due_date=None if due is None else date.today() + timedelta(days=due),
        ),
        expected_version=None,
    )
    items = [
        (kanban_services.add_checklist_item(coalition, creator, initiative, text), done)
        for text, done in card.get("checklist", [])
    ]
    target = columns[min(card["column"], len(columns) - 1)]
    if target.id != columns[0].id:
        kanban_services.move_initiative(coalition, mover or creator, initiative, target.id, None)
    leads = [lead for lead in (resident, professional) if lead is not None] or [creator]
    for index, (item, done) in enumerate(items):
        if done:
            kanban_services.set_checklist_item(coalition, leads[index % len(leads)], item, True)
    for author, body in card.get("comments", []):
        kanban_services.add_comment(coalition, people[author], initiative, body)


def _load_board(coalition: Coalition, data: dict, people: dict[str, User]) -> int:
    """Create the initiatives whose titles the coalition does not have yet; return how many."""
    existing = set(
        db.session.scalars(select(Initiative.title).where(Initiative.coalition_id == coalition.id))
    )
    columns = kanban_services.active_columns(coalition)
    if not columns:
        return 0
    sites = {site.name: site.id for site in kanban_services.active_sites(coalition)}
    created = 0
    for card in data["initiatives"]:
        if card["title"] in existing or card["site"] not in sites:
            continue
        _load_initiative(coalition, card, people, columns, sites)
        created += 1
    return created


def _load_ideas(coalition: Coalition, slug: str, people: dict[str, User]) -> None:
    """Propose the demo ideas the coalition does not have yet, with their supports."""
    existing = set(db.session.scalars(select(Idea.title).where(Idea.coalition_id == coalition.id)))
    sides = dict(
        db.session.execute(
            select(Membership.user_id, Membership.side).where(
                Membership.coalition_id == coalition.id
            )
        ).all()
    )
    sites = {site.name: site.id for site in kanban_services.active_sites(coalition)}
    for title, description, site, proposer, supporters, status in IDEAS.get(slug, []):
        if title in existing:
            continue
        author = people[proposer]
        idea = idea_services.propose_idea(
            coalition, author, sides[author.id], title, description, sites.get(site)
        )
        for supporter in supporters:
            idea_services.set_support(coalition, people[supporter], idea, True)
        if status == "shortlisted":
            idea_services.change_status(coalition, people["coordinator"], idea, "shortlist")


def _load_rounds(coalition: Coalition, people: dict[str, User]) -> None:
    """A closed round with its results and an open one, unless the coalition has rounds."""
    if voting.rounds_of(coalition):
        return
    shortlisted = [
        row.idea.id
        for row in idea_services.list_ideas(coalition, people["coordinator"], status="shortlisted")
    ]
    if len(shortlisted) < 2:
        return
    now = utcnow()

    coordinator = people["coordinator"]
    spring = voting.create_round(
        coalition,
        coordinator,
        voting.RoundRules(
            title="Voorjaarsronde",
            dots_per_member=3,
            allow_stacking=True,
            opens_at=voting.local_input(now - timedelta(days=1)),
            closes_at=voting.local_input(now + timedelta(days=1)),
            idea_ids=shortlisted[:2],
        ),
    )
    voters = [person for name, person in people.items() if name != "coordinator"]
    for number, person in enumerate(voters):
        first = (1, 2, 3)[number % 3]
        voting.cast_ballot(
            coalition, person, spring, {shortlisted[0]: first, shortlisted[1]: 3 - first}
        )
    # The spring round lies in the past: its results are what the demo shows.
    spring.opens_at, spring.closes_at = now - timedelta(days=60), now - timedelta(days=46)
    db.session.commit()
    autumn = voting.create_round(
        coalition,
        coordinator,
        voting.RoundRules(
            title="Najaarsronde",
            dots_per_member=3,
            allow_stacking=True,
            opens_at=voting.local_input(now - timedelta(days=2)),
            closes_at=voting.local_input(now + timedelta(days=12)),
            idea_ids=shortlisted,
        ),
    )
    voting.cast_ballot(coalition, people["professional"], autumn, {shortlisted[-1]: 3})


def _activity_day(today: date, spec: dict) -> date:
    """The (first) date of a demo activity: days from today, moved forward to its weekday."""
    day = today + timedelta(days=spec["days_from_today"])
    if "weekday" in spec:
        day += timedelta(days=(spec["weekday"] - day.weekday()) % 7)
    return day


def _coming_occurrences(activity: Activity, today: date) -> list:
    """The occurrences after today that are not called off, first one first."""
    if not activity.repeats:
        occurrence = activity_services.find_occurrence(activity, "")
        return [occurrence] if occurrence.day > today else []
    return [
        o
        for o in activity_services.next_occurrences(activity, utcnow(), limit=8)
        if o.day > today and not o.cancelled
    ]


def _load_activity(
    coalition: Coalition,
    spec: dict,
    people: dict[str, User],
    sites: dict[str, int],
    initiatives: dict[str, int],
    today: date,
) -> None:
    """Plan one activity, then change its series, answer and claim its next occurrence."""
    organisers = [people[name] for name in spec["organisers"]]
    planner = organisers[0]
    site_id = sites.get(spec.get("site"))
    initiative_id = initiatives.get(spec.get("initiative"))
    activity = activity_services.plan_activity(
        coalition,
        planner,
        activity_services.ActivityForm(
            title=spec["title"],
            kind=spec["kind"],
            day=_activity_day(today, spec).isoformat(),
            start_time=spec["start"],
            end_time=spec["end"],
            place=spec.get("place", ""),
            address=spec.get("address", ""),
            description=spec.get("description", ""),
            work_site_id=str(site_id or ""),
            initiative_id=str(initiative_id or ""),
            recurrence=spec.get("recurrence", "none"),
            organiser_ids=[str(person.id) for person in organisers],
            items="\n".join(spec.get("items", [])),
        ),
    )
    coming = _coming_occurrences(activity, today)
    if activity.repeats and spec.get("move_second") and len(coming) > 1:
        second = coming[1]
        start, end = second.local_start, second.local_end
        activity_services.move_occurrence(
            coalition,
            planner,
            activity,
            second.key,
            (start.date() + timedelta(days=1)).isoformat(),
            start.strftime("%H:%M"),
            end.strftime("%H:%M"),
        )
    if activity.repeats and spec.get("cancel_third") and len(coming) > 2:
        activity_services.cancel_occurrence(coalition, planner, activity, coming[2].key)
    if not coming:
        return
    key = coming[0].key
    for name, answer in spec.get("rsvps", []):
        activity_services.set_rsvp(coalition, people[name], activity, key, answer)
    items = {
        item.text: item
        for item in db.session.scalars(
            select(ActivityItem).where(ActivityItem.activity_id == activity.id)
        )
    }
    for text, name in spec.get("claims", []):
        activity_services.claim_item(coalition, people[name], activity, items[text], key)
    if spec.get("move_second") and len(coming) > 1:
        # Answers stay with a moved date: two people already said yes to the new day.
        for name in spec["organisers"]:
            activity_services.set_rsvp(coalition, people[name], activity, coming[1].key, "yes")


def _load_activities(coalition: Coalition, slug: str, people: dict[str, User]) -> int:
    """Plan the demo activities whose titles the coalition does not have yet; return how many."""
    existing = set(
        db.session.scalars(select(Activity.title).where(Activity.coalition_id == coalition.id))
    )
    sites = {site.name: site.id for site in kanban_services.active_sites(coalition)}
    initiatives = dict(
        db.session.execute(
            select(Initiative.title, Initiative.id).where(Initiative.coalition_id == coalition.id)
        ).all()
    )
    today = to_local(utcnow()).date()
    created = 0
    for spec in ACTIVITIES.get(slug, []):
        if spec["title"] in existing:
            continue
        _load_activity(coalition, spec, people, sites, initiatives, today)
        created += 1
    return created


def seed_demo() -> dict:
    """Create the demo coalitions, accounts and boards that are missing; return what was new."""
    counts = {"coalitions": 0, "users": 0, "initiatives": 0, "activities": 0}
    for email, name, flags in PROGRAMME_ACCOUNTS:
        _, is_new = _ensure_user(email, name, **flags)
        counts["users"] += is_new
    for data in COALITIONS:
        coalition, is_new = _ensure_coalition(data)
        counts["coalitions"] += is_new
        people, new_users = _load_people(coalition, data)
        counts["users"] += new_users
        _load_partners_and_sites(coalition, data, people["coordinator"])
        counts["initiatives"] += _load_board(coalition, data, people)
        _load_ideas(coalition, data["slug"], people)
        _load_rounds(coalition, people)
        counts["activities"] += _load_activities(coalition, data["slug"], people)
    return counts
