"""Word lists the demo community is drawn from (see kith.demo.builder).

Plain data, no logic. Weights are relative. Industry slugs come from
kith.members.industries; every industry belongs to one sector, and a sector
decides the jobs, skills and company names its people have.
"""

from __future__ import annotations

# --- places --------------------------------------------------------------------------
# (city, region, country, weight, name pool)
CITIES: list[tuple[str, str, str, float, str]] = [
    ("London", "England", "United Kingdom", 10.0, "anglo"),
    ("Manchester", "England", "United Kingdom", 3.0, "anglo"),
    ("Birmingham", "England", "United Kingdom", 2.0, "anglo"),
    ("Bristol", "England", "United Kingdom", 1.5, "anglo"),
    ("Leeds", "England", "United Kingdom", 1.5, "anglo"),
    ("Edinburgh", "Scotland", "United Kingdom", 2.0, "anglo"),
    ("Glasgow", "Scotland", "United Kingdom", 1.2, "anglo"),
    ("Dublin", "Leinster", "Ireland", 3.0, "anglo"),
    ("Cork", "Munster", "Ireland", 0.8, "anglo"),
    ("New York", "New York", "United States", 8.0, "anglo"),
    ("San Francisco", "California", "United States", 5.0, "anglo"),
    ("Los Angeles", "California", "United States", 3.0, "anglo"),
    ("Boston", "Massachusetts", "United States", 3.0, "anglo"),
    ("Chicago", "Illinois", "United States", 3.0, "anglo"),
    ("Austin", "Texas", "United States", 2.0, "anglo"),
    ("Seattle", "Washington", "United States", 2.5, "anglo"),
    ("Toronto", "Ontario", "Canada", 3.0, "anglo"),
    ("Vancouver", "British Columbia", "Canada", 1.5, "anglo"),
    ("Montreal", "Quebec", "Canada", 1.5, "french"),
    ("Berlin", "Berlin", "Germany", 4.0, "german"),
    ("Munich", "Bavaria", "Germany", 3.0, "german"),
    ("Hamburg", "Hamburg", "Germany", 2.0, "german"),
    ("Frankfurt", "Hesse", "Germany", 2.0, "german"),
    ("Paris", "Île-de-France", "France", 5.0, "french"),
    ("Lyon", "Auvergne-Rhône-Alpes", "France", 1.5, "french"),
    ("Amsterdam", "North Holland", "Netherlands", 3.0, "dutch"),
    ("Rotterdam", "South Holland", "Netherlands", 1.2, "dutch"),
    ("Eindhoven", "North Brabant", "Netherlands", 0.8, "dutch"),
    ("Madrid", "Community of Madrid", "Spain", 2.5, "spanish"),
    ("Barcelona", "Catalonia", "Spain", 2.5, "spanish"),
    ("Stockholm", "Stockholm County", "Sweden", 2.0, "swedish"),
]

COMPANY_SUFFIX_BY_COUNTRY: dict[str, list[str]] = {
    "United Kingdom": ["", "", "Ltd"],
    "Ireland": ["", "", "Ltd"],
    "United States": ["", "", "Inc."],
    "Canada": ["", "", "Inc."],
    "Germany": ["", "GmbH", "GmbH"],
    "France": ["", "SAS", "SA"],
    "Netherlands": ["", "B.V.", "B.V."],
    "Spain": ["", "S.L.", "S.A."],
    "Sweden": ["", "AB", "AB"],
}

SCHOOLS_BY_COUNTRY: dict[str, list[str]] = {
    "United Kingdom": [
        "University of Oxford", "University of Cambridge", "Imperial College London",
        "University College London", "London School of Economics", "King's College London",
        "University of Manchester", "University of Edinburgh", "University of Bristol",
        "University of Leeds", "University of Glasgow", "University of Birmingham",
    ],
    "Ireland": ["Trinity College Dublin", "University College Dublin", "University College Cork"],
    "United States": [
        "Massachusetts Institute of Technology", "Stanford University", "Harvard University",
        "University of California, Berkeley", "New York University", "Columbia University",
        "University of Chicago", "The University of Texas at Austin", "University of Washington",
        "Boston University", "University of California, Los Angeles", "University of Michigan",
    ],
    "Canada": ["University of Toronto", "McGill University", "University of British Columbia", "University of Waterloo"],
    "Germany": [
        "Technische Universität München", "Ludwig-Maximilians-Universität München",
        "Humboldt-Universität zu Berlin", "Technische Universität Berlin", "Universität Hamburg",
        "Goethe-Universität Frankfurt", "RWTH Aachen University",
    ],
    "France": ["HEC Paris", "Sciences Po", "École Polytechnique", "Sorbonne Université", "Université Claude Bernard Lyon 1", "ESSEC Business School"],
    "Netherlands": ["University of Amsterdam", "Erasmus University Rotterdam", "Eindhoven University of Technology", "Delft University of Technology", "Leiden University"],
    "Spain": ["Universidad Complutense de Madrid", "Universitat de Barcelona", "IE Business School", "ESADE", "Universidad Politécnica de Madrid"],
    "Sweden": ["KTH Royal Institute of Technology", "Stockholm School of Economics", "Stockholm University"],
}

# --- names ---------------------------------------------------------------------------
FIRST_NAMES: dict[str, list[str]] = {
    "anglo": [
        "James", "Olivia", "Oliver", "Amelia", "Harry", "Isla", "George", "Emily", "Jack", "Sophie",
        "Thomas", "Charlotte", "William", "Grace", "Daniel", "Chloe", "Samuel", "Lucy", "Joseph", "Hannah",
        "Michael", "Sarah", "David", "Emma", "Matthew", "Jessica", "Ryan", "Laura", "Liam", "Megan",
        "Noah", "Ava", "Ethan", "Mia", "Benjamin", "Ella", "Lucas", "Abigail", "Henry", "Zoe",
        "Patrick", "Niamh", "Connor", "Aoife", "Andrew", "Rachel", "Christopher", "Katherine", "Nathan", "Rebecca",
    ],
    "german": [
        "Lukas", "Anna", "Leon", "Lena", "Finn", "Lea", "Jonas", "Hannah", "Paul", "Marie",
        "Felix", "Laura", "Maximilian", "Julia", "Tobias", "Katharina", "Jan", "Sophie", "Florian", "Johanna",
        "Sebastian", "Lisa", "Moritz", "Clara", "Stefan", "Sarah", "Markus", "Franziska", "Niklas", "Miriam",
    ],
    "french": [
        "Louis", "Camille", "Hugo", "Léa", "Gabriel", "Manon", "Arthur", "Chloé", "Jules", "Inès",
        "Lucas", "Sarah", "Nathan", "Juliette", "Théo", "Emma", "Antoine", "Pauline", "Julien", "Marion",
        "Maxime", "Claire", "Thomas", "Mathilde", "Nicolas", "Élodie", "Guillaume", "Charlotte", "Alexandre", "Margaux",
    ],
    "dutch": [
        "Daan", "Emma", "Sem", "Julia", "Lucas", "Sophie", "Levi", "Tess", "Bram", "Fenna",
        "Jesse", "Anna", "Thijs", "Lotte", "Ruben", "Sanne", "Lars", "Eva", "Joost", "Femke",
        "Pieter", "Maud", "Koen", "Iris", "Willem", "Noor", "Sander", "Floor", "Martijn", "Roos",
    ],
    "spanish": [
        "Hugo", "Lucía", "Martín", "María", "Pablo", "Paula", "Alejandro", "Sofía", "Daniel", "Carmen",
        "Javier", "Laura", "Diego", "Marta", "Carlos", "Elena", "Sergio", "Ana", "Jorge", "Cristina",
        "Adrián", "Alba", "Álvaro", "Irene", "Manuel", "Nuria", "Raúl", "Sara", "Iván", "Beatriz",
    ],
    "swedish": [
        "Erik", "Elsa", "Lars", "Maja", "Oskar", "Astrid", "Nils", "Ebba", "Anders", "Ingrid",
        "Johan", "Linnea", "Gustav", "Saga", "Axel", "Alva", "Karl", "Freja", "Magnus", "Klara",
    ],
    "global": [
        "Priya", "Arjun", "Wei", "Mei", "Hiroshi", "Yuki", "Omar", "Fatima", "Ahmed", "Aisha",
        "Raj", "Ananya", "Chen", "Lin", "Minh", "Linh", "Kwame", "Amara", "Mateo", "Valentina",
        "Ji-woo", "Seo-yeon", "Mehmet", "Elif", "Ivan", "Olga", "Tomasz", "Zofia", "Nikos", "Eleni",
    ],
}

LAST_NAMES: dict[str, list[str]] = {
    "anglo": [
        "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
        "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke",
        "Murphy", "Kelly", "O'Brien", "Walsh", "Byrne", "Ryan", "Miller", "Davis", "Garcia", "Martinez",
        "Anderson", "Moore", "Martin", "Lee", "Harris", "Clark", "Lewis", "Young", "King", "Scott",
        "Campbell", "Stewart", "Morrison", "Reid", "Fraser", "Hughes", "Edwards", "Turner", "Parker", "Collins",
    ],
    "german": [
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
        "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger",
        "Hofmann", "Hartmann", "Lange", "Werner", "Krause", "Lehmann", "Köhler", "Maier", "Huber", "Kaiser",
    ],
    "french": [
        "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
        "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
        "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "Fontaine", "Rousseau", "Tremblay",
    ],
    "dutch": [
        "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer",
        "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer",
        "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "Kok", "Jacobs", "de Haan", "Vermeulen", "van Dam",
    ],
    "spanish": [
        "García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Martín",
        "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez", "Romero", "Alonso", "Gutiérrez",
        "Navarro", "Torres", "Domínguez", "Vázquez", "Ramos", "Gil", "Serrano", "Blanco", "Molina", "Castro",
    ],
    "swedish": [
        "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Gustafsson",
        "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Lindberg", "Lindström", "Lindqvist", "Berg", "Axelsson",
    ],
    "global": [
        "Patel", "Sharma", "Singh", "Wang", "Li", "Zhang", "Liu", "Tanaka", "Suzuki", "Khan",
        "Ali", "Hassan", "Nguyen", "Tran", "Kim", "Park", "Mensah", "Okafor", "Rossi", "Silva",
        "Kowalski", "Nowak", "Yilmaz", "Demir", "Ivanov", "Petrov", "Papadopoulos", "Costa", "Santos", "Reddy",
    ],
}

# --- sectors: industries grouped by the work people in them do -------------------------
SECTOR_OF_INDUSTRY: dict[str, str] = {
    "software-development": "tech", "it-services-it-consulting": "tech", "computer-network-security": "tech",
    "telecommunications": "tech", "e-learning-providers": "tech",
    "banking": "finance", "financial-services": "finance", "investment-management": "finance",
    "insurance": "finance", "venture-capital-private-equity": "finance", "accounting": "finance",
    "hospitals-health-care": "health", "biotechnology-research": "health", "pharmaceutical-manufacturing": "health",
    "medical-devices": "health", "research-services": "health",
    "logistics-supply-chain": "logistics", "transportation": "logistics", "wholesale": "logistics",
    "retail": "retail", "travel-arrangements": "retail", "hospitality": "retail", "food-beverage-services": "retail",
    "manufacturing": "industry", "automotive": "industry", "machinery-manufacturing": "industry",
    "chemical-manufacturing": "industry", "agriculture": "industry",
    "oil-gas": "energy", "renewable-energy": "energy", "utilities": "energy", "environmental-services": "energy",
    "management-consulting": "consulting", "business-consulting-services": "consulting",
    "administrative-support-services": "consulting",
    "marketing-services": "media", "advertising-services": "media", "public-relations-communications-services": "media",
    "media-production": "media", "entertainment-providers": "media", "design-services": "media",
    "human-resources-services": "people", "staffing-recruiting": "people",
    "law-practice": "legal", "legal-services": "legal",
    "construction": "built", "civil-engineering": "built", "architecture-planning": "built", "real-estate": "built",
    "education": "public", "higher-education": "public", "government-administration": "public",
    "non-profit-organizations": "public",
}

# How common each industry is among companies.
INDUSTRY_WEIGHTS: dict[str, float] = {
    "software-development": 9, "it-services-it-consulting": 6, "financial-services": 5, "banking": 3,
    "hospitals-health-care": 4, "logistics-supply-chain": 4, "management-consulting": 3, "marketing-services": 3,
    "retail": 3, "manufacturing": 3, "staffing-recruiting": 2.5, "real-estate": 2.5, "construction": 2.5,
    "higher-education": 2, "computer-network-security": 2, "insurance": 2, "investment-management": 2,
    "renewable-energy": 2, "transportation": 2, "telecommunications": 1.5, "advertising-services": 1.5,
    "business-consulting-services": 2, "law-practice": 1.5, "legal-services": 1, "accounting": 1.5,
    "biotechnology-research": 1.5, "pharmaceutical-manufacturing": 1.5, "medical-devices": 1.2, "automotive": 1.5,
    "food-beverage-services": 1.5, "hospitality": 1.5, "media-production": 1.2, "design-services": 1.2,
    "education": 1.2, "e-learning-providers": 1, "venture-capital-private-equity": 0.8, "government-administration": 1,
    "non-profit-organizations": 1.2, "human-resources-services": 1.2, "public-relations-communications-services": 1,
    "wholesale": 1, "travel-arrangements": 0.7, "machinery-manufacturing": 1, "chemical-manufacturing": 0.8,
    "agriculture": 0.6, "oil-gas": 0.8, "utilities": 0.8, "environmental-services": 0.8, "architecture-planning": 0.8,
    "civil-engineering": 1, "research-services": 1, "administrative-support-services": 0.8, "entertainment-providers": 0.8,
}

COMPANY_PREFIXES: list[str] = [
    "Acme", "Northwind", "Bluefin", "Harbor", "Summit", "Cedar", "Lumen", "Brightwater", "Ironbridge", "Kestrel",
    "Silverline", "Redwood", "Blackstone", "Greenfield", "Oakridge", "Westbrook", "Eastgate", "Northstar", "Southbank",
    "Clearview", "Riverside", "Highland", "Meridian", "Horizon", "Pinnacle", "Atlas", "Orion", "Vega", "Nova",
    "Polaris", "Zenith", "Apex", "Vertex", "Quantum", "Helix", "Nimbus", "Cobalt", "Amber", "Crimson", "Indigo",
    "Saffron", "Juniper", "Willow", "Maple", "Aspen", "Birch", "Elm", "Hawthorn", "Falcon", "Heron", "Osprey",
    "Lynx", "Otter", "Badger", "Fox", "Wren", "Swift", "Sparrow", "Beacon", "Anchor", "Compass", "Keystone",
    "Cornerstone", "Milestone", "Foundry", "Forge", "Granite", "Basalt", "Quarry", "Copper", "Tin", "Nickel",
    "Mercury", "Jupiter", "Saturn", "Neptune", "Aurora", "Solstice", "Equinox", "Tidal", "Coastal", "Alpine",
    "Prairie", "Canyon", "Glacier", "Delta", "Sigma", "Omega", "Alpha", "Kappa", "Lambda", "Tau", "Archer",
    "Bishop", "Knight", "Rook", "Castle", "Crown", "Regent", "Sterling", "Guild", "Union", "Liberty", "Pioneer",
    "Frontier", "Voyager", "Mariner", "Harvest", "Orchard", "Meadow", "Thistle", "Heather", "Bramble", "Fern",
    "Mosaic", "Prism", "Spectrum", "Signal", "Vector", "Pixel", "Circuit", "Fathom", "Lighthouse", "Bridgewater",
    "Kingsley", "Ashford", "Whitmore", "Hollis", "Langley", "Pemberton", "Radcliffe", "Thornbury", "Wexford",
]

COMPANY_NOUNS: dict[str, list[str]] = {
    "tech": ["Software", "Systems", "Labs", "Digital", "Cloud", "Analytics", "Networks", "Technologies", "Data", "Security"],
    "finance": ["Capital", "Bank", "Financial", "Partners", "Asset Management", "Insurance", "Advisors", "Securities", "Accountants"],
    "health": ["Health", "Biotech", "Therapeutics", "Medical", "Pharma", "Diagnostics", "Clinics", "Life Sciences"],
    "logistics": ["Logistics", "Freight", "Shipping", "Distribution", "Transport", "Supply", "Cargo", "Fleet"],
    "retail": ["Stores", "Market", "Foods", "Hotels", "Travel", "Kitchen", "Brands", "Outfitters"],
    "industry": ["Manufacturing", "Industries", "Engineering", "Automotive", "Machines", "Chemicals", "Farms", "Works"],
    "energy": ["Energy", "Power", "Renewables", "Solar", "Wind", "Utilities", "Environmental", "Water"],
    "consulting": ["Consulting", "Advisory", "Strategy", "Partners", "Associates", "Group", "Solutions"],
    "media": ["Media", "Studios", "Creative", "Agency", "Communications", "Design", "Productions", "Marketing"],
    "people": ["Talent", "Recruitment", "People", "Staffing", "Search", "HR Solutions"],
    "legal": ["Law", "Legal", "LLP", "Chambers", "Solicitors", "Attorneys"],
    "built": ["Construction", "Builders", "Architects", "Properties", "Estates", "Developments", "Civil"],
    "public": ["Institute", "Foundation", "Academy", "Trust", "College", "Council", "School"],
}

# --- jobs: a function's titles from junior (0) to head of it (4) ------------------------
FUNCTION_TITLES: dict[str, list[str]] = {
    "engineering": ["Junior Software Engineer", "Software Engineer", "Senior Software Engineer", "Engineering Manager", "VP of Engineering"],
    "data": ["Data Analyst", "Data Scientist", "Senior Data Scientist", "Data Science Lead", "Head of Data"],
    "product": ["Associate Product Manager", "Product Manager", "Senior Product Manager", "Director of Product", "Chief Product Officer"],
    "design": ["Junior Designer", "Product Designer", "Senior Product Designer", "Design Lead", "Head of Design"],
    "sales": ["Sales Development Representative", "Account Executive", "Senior Account Manager", "Sales Director", "Head of Sales"],
    "marketing": ["Marketing Assistant", "Marketing Manager", "Senior Marketing Manager", "Marketing Director", "Chief Marketing Officer"],
    "finance": ["Financial Analyst", "Senior Financial Analyst", "Finance Manager", "Financial Controller", "Chief Financial Officer"],
    "investment": ["Investment Analyst", "Associate", "Vice President", "Portfolio Manager", "Managing Director"],
    "operations": ["Operations Coordinator", "Operations Analyst", "Operations Manager", "Director of Operations", "Chief Operating Officer"],
    "logistics": ["Logistics Coordinator", "Supply Chain Analyst", "Logistics Manager", "Head of Supply Chain", "VP of Logistics"],
    "procurement": ["Purchasing Assistant", "Buyer", "Senior Buyer", "Procurement Manager", "Head of Procurement"],
    "hr": ["HR Assistant", "HR Business Partner", "Senior HR Business Partner", "HR Director", "Chief People Officer"],
    "recruiting": ["Recruitment Coordinator", "Recruiter", "Senior Recruiter", "Talent Acquisition Manager", "Head of Talent"],
    "legal": ["Paralegal", "Associate", "Senior Associate", "Counsel", "Partner"],
    "consulting": ["Business Analyst", "Consultant", "Senior Consultant", "Manager", "Partner"],
    "clinical": ["Nurse", "Clinical Specialist", "Senior Clinician", "Clinical Lead", "Medical Director"],
    "research": ["Research Assistant", "Research Scientist", "Senior Scientist", "Principal Scientist", "Head of Research"],
    "engineering_physical": ["Graduate Engineer", "Mechanical Engineer", "Senior Engineer", "Engineering Manager", "Technical Director"],
    "project": ["Project Coordinator", "Project Manager", "Senior Project Manager", "Programme Manager", "Head of Projects"],
    "teaching": ["Teaching Assistant", "Lecturer", "Senior Lecturer", "Associate Professor", "Professor"],
    "policy": ["Policy Officer", "Policy Advisor", "Senior Policy Advisor", "Head of Policy", "Director"],
    "communications": ["Communications Assistant", "Communications Manager", "Senior Communications Manager", "Head of Communications", "Chief Communications Officer"],
    "customer": ["Customer Support Specialist", "Customer Success Manager", "Senior Customer Success Manager", "Head of Customer Success", "VP of Customer Experience"],
    "store": ["Sales Associate", "Assistant Store Manager", "Store Manager", "Area Manager", "Regional Director"],
    "founder": ["Founder", "Co-founder", "Founder & CEO", "Co-founder & CEO", "Founder & Managing Director"],
}

# Which functions work in each sector, with weights.
SECTOR_FUNCTIONS: dict[str, dict[str, float]] = {
    "tech": {"engineering": 8, "data": 3, "product": 3, "design": 2, "sales": 3, "marketing": 2, "customer": 2, "hr": 1, "recruiting": 1, "operations": 1, "founder": 0.6},
    "finance": {"finance": 6, "investment": 4, "sales": 2, "operations": 2, "data": 2, "legal": 1, "engineering": 1.5, "hr": 1, "marketing": 1},
    "health": {"clinical": 6, "research": 4, "operations": 2, "sales": 2, "data": 1, "project": 1, "hr": 1, "marketing": 1},
    "logistics": {"logistics": 6, "operations": 4, "procurement": 2, "sales": 3, "customer": 2, "finance": 1, "engineering": 1, "hr": 1},
    "retail": {"store": 6, "operations": 2, "marketing": 2, "procurement": 2, "sales": 2, "customer": 2, "hr": 1, "finance": 1},
    "industry": {"engineering_physical": 6, "operations": 3, "procurement": 2, "project": 2, "sales": 2, "research": 1, "finance": 1, "hr": 1},
    "energy": {"engineering_physical": 5, "project": 3, "operations": 2, "research": 1, "sales": 1, "policy": 1, "finance": 1, "data": 1},
    "consulting": {"consulting": 8, "data": 2, "project": 2, "sales": 1, "hr": 1, "operations": 1, "founder": 0.5},
    "media": {"marketing": 5, "communications": 4, "design": 4, "sales": 2, "project": 1, "data": 1, "founder": 0.5},
    "people": {"recruiting": 8, "hr": 4, "sales": 2, "operations": 1, "founder": 0.5},
    "legal": {"legal": 9, "operations": 1, "finance": 1},
    "built": {"project": 5, "engineering_physical": 4, "sales": 2, "procurement": 1, "operations": 1, "design": 1},
    "public": {"teaching": 5, "policy": 3, "research": 2, "communications": 2, "operations": 2, "project": 1},
}

SKILLS_BY_FUNCTION: dict[str, list[str]] = {
    "engineering": ["Python", "JavaScript", "TypeScript", "Go", "Java", "PostgreSQL", "Kubernetes", "AWS", "Django", "React", "System Design", "CI/CD", "Rust", "C++"],
    "data": ["Python", "SQL", "Machine Learning", "Statistics", "Data Visualization", "pandas", "Tableau", "Deep Learning", "A/B Testing", "Forecasting"],
    "product": ["Product Management", "Product Strategy", "User Research", "Roadmapping", "Agile", "SQL", "Stakeholder Management", "Go-to-Market Strategy"],
    "design": ["Figma", "User Experience", "Interaction Design", "Prototyping", "Design Systems", "Branding", "Illustration", "Accessibility"],
    "sales": ["B2B Sales", "Negotiation", "Salesforce", "Account Management", "Lead Generation", "Key Account Management", "Business Development", "SaaS"],
    "marketing": ["Digital Marketing", "SEO", "Content Marketing", "Brand Management", "Marketing Strategy", "Google Analytics", "Social Media Marketing", "Email Marketing"],
    "finance": ["Financial Modeling", "Budgeting", "Forecasting", "IFRS", "Excel", "Financial Reporting", "Audit", "Tax", "Risk Management"],
    "investment": ["Financial Modeling", "Due Diligence", "Valuation", "Private Equity", "Portfolio Management", "M&A", "Equity Research", "Fundraising"],
    "operations": ["Operations Management", "Process Improvement", "Lean Six Sigma", "Project Management", "Budgeting", "Vendor Management", "KPIs"],
    "logistics": ["Supply Chain Management", "Logistics", "Warehouse Management", "Freight Forwarding", "Inventory Management", "SAP", "Demand Planning", "Customs"],
    "procurement": ["Procurement", "Strategic Sourcing", "Negotiation", "Supplier Management", "Contract Management", "SAP", "Category Management"],
    "hr": ["Talent Management", "Employee Relations", "Compensation and Benefits", "HR Policies", "Organizational Development", "Employment Law", "Coaching"],
    "recruiting": ["Recruiting", "Talent Acquisition", "Sourcing", "Interviewing", "Employer Branding", "Technical Recruiting", "Executive Search"],
    "legal": ["Contract Law", "Corporate Law", "Litigation", "Legal Research", "GDPR", "Employment Law", "Intellectual Property", "Compliance"],
    "consulting": ["Management Consulting", "Strategy", "Business Analysis", "Change Management", "PowerPoint", "Stakeholder Management", "Digital Transformation"],
    "clinical": ["Patient Care", "Clinical Research", "Healthcare Management", "Nursing", "Medical Devices", "Regulatory Affairs", "GCP"],
    "research": ["Research", "Molecular Biology", "Data Analysis", "Scientific Writing", "Laboratory Skills", "Statistics", "Grant Writing"],
    "engineering_physical": ["Mechanical Engineering", "AutoCAD", "SolidWorks", "Lean Manufacturing", "Quality Assurance", "Root Cause Analysis", "PLC", "Health and Safety"],
    "project": ["Project Management", "PRINCE2", "Risk Management", "Scheduling", "Budgeting", "Stakeholder Management", "Procurement"],
    "teaching": ["Teaching", "Curriculum Development", "Research", "Public Speaking", "Academic Writing", "Mentoring"],
    "policy": ["Public Policy", "Policy Analysis", "Stakeholder Engagement", "Research", "Report Writing", "Government Relations"],
    "communications": ["Public Relations", "Media Relations", "Copywriting", "Crisis Communications", "Internal Communications", "Storytelling"],
    "customer": ["Customer Success", "Customer Service", "Onboarding", "Zendesk", "Account Management", "Retention"],
    "store": ["Retail", "Visual Merchandising", "Team Leadership", "Customer Service", "Inventory Management", "Sales"],
    "founder": ["Entrepreneurship", "Fundraising", "Leadership", "Strategy", "Business Development", "Product Strategy"],
}

SKILLS_BY_SECTOR: dict[str, list[str]] = {
    "tech": ["SaaS", "Cloud Computing", "Cybersecurity", "APIs", "Open Source"],
    "finance": ["Financial Services", "Banking", "Insurance", "Regulatory Compliance", "Fintech"],
    "health": ["Healthcare", "Life Sciences", "Clinical Trials", "Pharmaceuticals", "Medical Devices"],
    "logistics": ["Supply Chain Management", "Transportation", "E-commerce", "Last-Mile Delivery", "Fleet Management"],
    "retail": ["Retail", "E-commerce", "Hospitality", "Food Safety", "Merchandising"],
    "industry": ["Manufacturing", "Automotive", "Industrial Automation", "ISO 9001", "Lean Manufacturing"],
    "energy": ["Renewable Energy", "Energy Transition", "Sustainability", "Solar Energy", "Environmental Compliance"],
    "consulting": ["Strategy", "Business Transformation", "Operating Model Design", "Due Diligence", "Workshops"],
    "media": ["Advertising", "Creative Direction", "Video Production", "Campaign Management", "Social Media"],
    "people": ["Recruiting", "Workforce Planning", "Diversity and Inclusion", "LinkedIn Recruiter", "Employer Branding"],
    "legal": ["Legal Advice", "Negotiation", "Regulatory Law", "Commercial Contracts", "Arbitration"],
    "built": ["Construction Management", "Real Estate", "Building Information Modeling (BIM)", "Urban Planning", "Property Management"],
    "public": ["Higher Education", "Non-profit Management", "Public Administration", "Fundraising", "Community Engagement"],
}

GENERAL_SKILLS: list[str] = ["Leadership", "Communication", "Team Management", "Public Speaking", "Mentoring", "Negotiation", "Strategic Planning", "Microsoft Excel"]

# --- education -----------------------------------------------------------------------
DEGREES: list[tuple[str, float]] = [("BSc", 3), ("BA", 3), ("MSc", 2.5), ("MBA", 1), ("MA", 1), ("PhD", 0.6), ("BEng", 1.2), ("LLB", 0.4)]
FIELDS_BY_SECTOR: dict[str, list[str]] = {
    "tech": ["Computer Science", "Software Engineering", "Mathematics", "Electrical Engineering", "Physics"],
    "finance": ["Economics", "Finance", "Accounting", "Mathematics", "Business Administration"],
    "health": ["Medicine", "Nursing", "Biology", "Biochemistry", "Pharmacology"],
    "logistics": ["Supply Chain Management", "Business Administration", "Economics", "Industrial Engineering"],
    "retail": ["Business Administration", "Marketing", "Hospitality Management", "Economics"],
    "industry": ["Mechanical Engineering", "Chemical Engineering", "Industrial Engineering", "Agricultural Science"],
    "energy": ["Electrical Engineering", "Environmental Science", "Mechanical Engineering", "Geology"],
    "consulting": ["Economics", "Business Administration", "Engineering", "Politics, Philosophy and Economics"],
    "media": ["Marketing", "Communication", "Graphic Design", "Journalism", "Film Studies"],
    "people": ["Psychology", "Human Resource Management", "Business Administration", "Sociology"],
    "legal": ["Law", "European Law", "Business Law"],
    "built": ["Civil Engineering", "Architecture", "Urban Planning", "Construction Management", "Real Estate"],
    "public": ["Education", "Public Policy", "History", "Political Science", "Sociology"],
}

# --- words people write ---------------------------------------------------------------
ABOUT_TEMPLATES: list[str] = [
    "I help {sector_people} get more done with {skill_a} and {skill_b}. Based in {city}; always happy to swap notes over coffee.",
    "{years} years in {industry}, currently {title} at {company}. I care about {skill_a}, good teams and clear writing.",
    "{title} at {company}. Before that I worked on {skill_a} at {previous}. Ask me about {skill_b}.",
    "Curious about {skill_a} and {skill_b}. I like building things that last and meeting people who do the same in {city}.",
    "I lead {function_people} at {company} in {city}. Previously {previous}. Interested in {industry} and how it is changing.",
]
SECTOR_PEOPLE: dict[str, str] = {
    "tech": "software teams", "finance": "finance teams", "health": "care providers", "logistics": "shippers and carriers",
    "retail": "retailers", "industry": "manufacturers", "energy": "energy companies", "consulting": "leadership teams",
    "media": "brands", "people": "growing companies", "legal": "businesses", "built": "developers and builders",
    "public": "public institutions",
}

OPEN_TO_DETAILS: dict[str, list[str]] = {
    "job": ["", "Senior roles in {industry}, {city} or remote.", "Looking for my next {function} role.", "Open to {title} roles."],
    "hiring": ["", "Hiring {function} people in {city}.", "We are growing the {function} team at {company}."],
    "advice": ["", "Happy to talk about {skill_a}.", "Ask me about a career in {industry}."],
    "consulting": ["", "Freelance {skill_a} projects.", "Interim {function} work, {city} or remote."],
    "mentoring": ["", "I mentor people starting out in {industry}.", "Mentoring on {skill_a} and careers."],
    "networking": ["", "Always glad to meet people in {industry}.", "Coffee in {city}? Say hello."],
}

EVENTS: list[str] = [
    "the {industry} Summit", "the {city} {industry} Meetup", "last year's {industry} Forum", "the {city} Chamber breakfast",
    "the {skill} workshop", "{school} alumni drinks", "the {industry} Awards dinner", "the {city} Startup Night",
]
INVITATION_NOTES: list[str] = [
    "Hi {first}, we met at {event} and talked about {skill}. Would be good to stay in touch.",
    "Hello {first}, I'm also working on {skill} here in {city}. Would you be open to connecting?",
    "Hi {first}, I enjoyed your comments at {event}. I'd like to connect and follow your work.",
    "Dear {first}, I'm building a team around {skill} at {company} and would value your perspective.",
    "Hi {first}, great chatting at {event}. Let's connect!",
    "Hello {first}, we're neighbours in {city} and both in {industry}. Happy to connect.",
]

SPAM_HEADLINES: list[str] = [
    "CEO | Crypto | Forex", "Entrepreneur | Investor | Visionary", "Helping you earn 6 figures from home",
    "Forex trader | Financial freedom", "Growth hacker | Leads guaranteed", "Web3 | NFT | DeFi evangelist",
    "Digital nomad | Passive income coach", "",
]
SPAM_NOTES: list[str] = [
    "Hi dear, I have a great investment opportunity for you. Check my profile!",
    "Let's connect! I help professionals earn passive income with crypto signals.",
    "Hello, I'd like to add you to my professional network.",
    "Guaranteed 300% returns in 30 days. DM me now.",
    "Hi, are you interested in growing your business? I can bring you 500 leads a week.",
    "Dear friend, I am looking for a trusted partner for a business proposal.",
    "",
    "",
]
SPAM_SKILLS: list[str] = ["Cryptocurrency", "Forex", "Trading", "Network Marketing"]
