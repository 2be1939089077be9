"""Fictional demo data written for matchmaker: partners, country needs and offers.

Every organisation, need and offer below was invented for this project to show how the
service works; none describes a real body, request or commitment. Websites use the
reserved example.org and example.com domains. The records are shaped to exercise the
matching engine: sub-regional clusters of needs that no offer covers (hub candidates),
regional offers with several fitting countries, single-slot offers that several needs
compete for, offers open only to least developed countries, an expired and a closed
offer, and a few look-alike traps (a pharmaceutical plant and medicinal plants, a health
data centre and a diagnostic centre, human and veterinary laboratories).
"""

from __future__ import annotations

# Partners that publish offers. kind is one of: government, development-bank,
# multilateral, research, company, foundation. country is ISO 3166-1 alpha-3.
ORGANISATIONS: tuple[dict, ...] = (
    {
        "name": "Hanbit Agency for International Health Cooperation",
        "kind": "government",
        "country": "KOR",
        "website": "https://example.org/hanbit-agency",
    },
    {
        "name": "Japan Overseas Partnership Office for Health Technology",
        "kind": "government",
        "country": "JPN",
        "website": "https://example.org/jopoht",
    },
    {
        "name": "Southern Cross Health Partnerships Fund",
        "kind": "government",
        "country": "AUS",
        "website": "https://example.org/southern-cross-health",
    },
    {
        "name": "Straits Technical Cooperation Office",
        "kind": "government",
        "country": "SGP",
        "website": "https://example.org/straits-cooperation",
    },
    {
        "name": "Bharat Partnership for Health Technology",
        "kind": "government",
        "country": "IND",
        "website": "https://example.org/bharat-health-tech",
    },
    {
        "name": "Chao Phraya Development Cooperation Agency",
        "kind": "government",
        "country": "THA",
        "website": "",
    },
    {
        "name": "Asia-Pacific Bank for Health Infrastructure",
        "kind": "development-bank",
        "country": None,
        "website": "https://example.org/apbhi",
    },
    {
        "name": "Asia-Pacific Health Technology Cooperation Facility",
        "kind": "multilateral",
        "country": None,
        "website": "https://example.org/aphtcf",
    },
    {
        "name": "Intergovernmental One Health Laboratory Office",
        "kind": "multilateral",
        "country": None,
        "website": "https://example.org/one-health-labs",
    },
    {
        "name": "Han River Institute of Biotechnology",
        "kind": "research",
        "country": "KOR",
        "website": "https://example.org/han-river-biotech",
    },
    {
        "name": "Kaveri Institute of Genomic Medicine",
        "kind": "research",
        "country": "IND",
        "website": "https://example.org/kaveri-genomics",
    },
    {
        "name": "Pacific Rim University Clinical Trials Centre",
        "kind": "research",
        "country": "AUS",
        "website": "",
    },
    {
        "name": "Institute for Tropical Crops and Medicinal Plants",
        "kind": "research",
        "country": "MYS",
        "website": "https://example.org/tropical-crops",
    },
    {
        "name": "Meridian Medical Devices Pte Ltd",
        "kind": "company",
        "country": "SGP",
        "website": "https://example.com/meridian-medical",
    },
    {
        "name": "Lotus Biologics Co., Ltd.",
        "kind": "company",
        "country": "KOR",
        "website": "https://example.com/lotus-biologics",
    },
    {
        "name": "Helix Lab Systems Pvt Ltd",
        "kind": "company",
        "country": "IND",
        "website": "https://example.com/helix-lab-systems",
    },
    {
        "name": "Apex Diagnostics Group Berhad",
        "kind": "company",
        "country": "MYS",
        "website": "https://example.com/apex-diagnostics",
    },
    {
        "name": "Lantern Foundation for Global Health",
        "kind": "foundation",
        "country": None,
        "website": "https://example.org/lantern-foundation",
    },
    {
        "name": "Open Bench Health Engineering Network",
        "kind": "foundation",
        "country": "NZL",
        "website": "https://example.org/open-bench",
    },
)

# Country needs, grouped by country. category and support types are taxonomy slugs.
NEEDS: tuple[dict, ...] = (
    {
        "ref": "DEMO-N-001",
        "country": "BGD",
        "title": (
            "Biomedical equipment maintenance and calibration workshops for district "
            "hospitals"
        ),
        "description": (
            "Around a third of the diagnostic and therapeutic equipment in district "
            "and upazila hospitals is out of service at any given time, mostly for "
            "want of routine maintenance, spare parts and calibration. The "
            "Directorate General of Health Services plans eight divisional biomedical "
            "engineering workshops, each staffed by trained BMETs and equipped with "
            "test and calibration instruments for patient monitors, ventilators, "
            "infusion pumps, X-ray units and laboratory analysers. We seek "
            "co-financing for the workshops, a computerised maintenance management "
            "system (CMMS) covering all public hospitals, and a two-year training "
            "programme for 300 biomedical equipment technicians."
        ),
        "category": "equipment-maintenance",
        "support_types": ("financial", "technical", "capacity-building"),
        "budget_usd": 3_500_000,
        "deadline": "2027-12-31",
        "priority": "high",
        "status": "open",
    },
    {
        "ref": "DEMO-N-002",
        "country": "BGD",
        "title": (
            "Local production of active pharmaceutical ingredients for essential "
            "antibiotics"
        ),
        "description": (
            "Local manufacturers formulate most essential medicines but import over "
            "90 per cent of the active pharmaceutical ingredients (API) they use, "
            "mainly for antibiotics. The government has allotted land in the API "
            "industrial park and seeks a technology partner and long-term finance for "
            "a GMP-compliant fermentation and synthesis unit for amoxicillin, "
            "cephalosporins and azithromycin, with effluent treatment designed to "
            "limit the spread of AMR."
        ),
        "category": "pharmaceutical-production",
        "support_types": ("technology-transfer", "financial"),
        "budget_usd": 25_000_000,
        "deadline": "2028-06-30",
        "priority": "high",
        "status": "open",
    },
    {
        "ref": "DEMO-N-003",
        "country": "BGD",
        "title": "GCP training for investigators at medical college hospitals",
        "description": (
            "Short courses in good clinical practice (GCP), protocol writing and "
            "safety reporting for 120 investigators and study coordinators at eight "
            "public medical college hospitals."
        ),
        "category": "clinical-trials",
        "support_types": ("capacity-building",),
        "budget_usd": 180_000,
        "deadline": "2027-09-30",
        "priority": "medium",
        "status": "open",
    },
    {
        "ref": "DEMO-N-004",
        "country": "IND",
        "title": (
            "Scale-up support for medtech start-ups in a state biotechnology incubator"
        ),
        "description": (
            "A state biotechnology incubator hosts 45 start-ups developing "
            "point-of-care diagnostics, low-cost ventilators and wearable monitors. "
            "Most stall between prototype and market because they cannot afford an "
            "ISO 13485 quality system, clinical validation or export registration. We "
            "seek partners to co-fund a scale-up track with shared regulatory and "
            "testing services, mentoring by experienced industry leaders, and "
            "introductions to hospitals and distributors in neighbouring countries."
        ),
        "category": "incubator",
        "support_types": ("financial", "institutional"),
        "budget_usd": 2_000_000,
        "deadline": "2028-03-31",
        "priority": "medium",
        "status": "in_discussion",
    },
    {
        "ref": "DEMO-N-005",
        "country": "IND",
        "title": (
            "Multi-site clinical trial network for tuberculosis diagnostics and "
            "treatment"
        ),
        "description": (
            "The national tuberculosis programme wants a standing network of 12 trial "
            "sites able to run pragmatic trials of new diagnostics and shorter "
            "treatment regimens. Sites need GCP-trained staff, harmonised ethics "
            "review, a shared data management platform and quality-assured "
            "laboratories for culture and drug-susceptibility testing. We welcome "
            "partnership with regional trial networks so that results can support "
            "registration in several South Asian countries at once."
        ),
        "category": "clinical-trials",
        "support_types": ("institutional", "technical"),
        "budget_usd": 4_500_000,
        "deadline": "2028-12-31",
        "priority": "high",
        "status": "open",
    },
    {
        "ref": "DEMO-N-006",
        "country": "IND",
        "title": "Bioinformatics capacity for rare disease genomic diagnosis",
        "description": (
            "Analysis pipelines, training and data-sharing agreements to interpret "
            "exome and WGS data for children with suspected rare genetic disorders at "
            "four tertiary centres."
        ),
        "category": "genomics-bioinformatics",
        "support_types": ("technical", "capacity-building"),
        "budget_usd": None,
        "deadline": None,
        "priority": "low",
        "status": "draft",
    },
    {
        "ref": "DEMO-N-007",
        "country": "IDN",
        "title": (
            "mRNA vaccine fill-finish line at a state-owned biomanufacturing facility"
        ),
        "description": (
            "Indonesia intends to take part in the planned regional mRNA vaccine hub. "
            "A state-owned vaccine manufacturer has a GMP site with space for a new "
            "aseptic fill-finish line, but lacks lipid nanoparticle formulation "
            "know-how, validated cold-chain filling equipment and staff experienced "
            "in mRNA quality control. We seek technology transfer from an mRNA "
            "platform holder, co-financing for the line, and support to prepare the "
            "dossiers that could lead to prequalification of the finished vaccine for "
            "supply to other countries in the region."
        ),
        "category": "vaccine-manufacturing",
        "support_types": ("technology-transfer", "financial", "technical"),
        "budget_usd": 30_000_000,
        "deadline": "2027-12-31",
        "priority": "high",
        "status": "open",
    },
    {
        "ref": "DEMO-N-008",
        "country": "IDN",
        "title": (
            "RT-PCR and BSL-2 upgrade of provincial public health laboratories in "
            "eastern Indonesia"
        ),
        "description": (
            "Fourteen provincial laboratories in Maluku, Papua and Nusa Tenggara need "
            "biosafety cabinets, real-time RT-PCR platforms and BSL-2 renovation, "
            "plus training in biosafety and QA/QC, so that patient samples no longer "
            "travel to Java for confirmation."
        ),
        "category": "testing-laboratory",
        "support_types": ("equipment", "capacity-building"),
        "budget_usd": 4_200_000,
        "deadline": "2027-06-30",
        "priority": "high",
        "status": "open",
    },
    {
        "ref": "DEMO-N-009",
        "country": "IDN",
        "title": "Conformity assessment for domestically manufactured medical devices",
        "description": (
            "The Ministry of Health wants to move from document-based registration to "
            "risk-based conformity assessment for locally made medical devices. "
            "Support is sought for a classification rulebook, audit procedures "
            "aligned with ISO 13485, reviewer training and reliance arrangements with "
            "other regulators in the region."
        ),
        "category": "regulatory-capacity",
        "support_types": ("policy-advice", "technical"),
        "budget_usd": 750_000,
        "deadline": "2028-06-30",
        "priority": "medium",
        "status": "open",
    },
    {
        "ref": "DEMO-N-010",
        "country": "KAZ",
        "title": "ISO 15189 accreditation of oblast reference laboratories",
        "description": (
            "Seventeen oblast reference laboratories need a QMS, trained internal "
            "auditors and external quality assessment schemes to reach ISO 15189 "
            "accreditation within three years."
        ),
        "category": "testing-laboratory",
        "support_types": ("capacity-building", "technical"),
        "budget_usd": 1_200_000,
        "deadline": "2028-03-31",
        "priority": "medium",
        "status": "open",
    },
    {
        "ref": "DEMO-N-011",
        "country": "KAZ",
        "title": "National calibration laboratory for medical devices",
        "description": (
            "Hospitals now send equipment abroad or to industrial laboratories for "
            "calibration, which is slow and not traceable for medical measurements. "
            "The national metrology institute proposes a medical device calibration "
            "laboratory accredited to ISO 17025, covering defibrillators, infusion "
            "pumps, patient monitors, electrosurgical units and dosimetry for "
            "radiology. We need reference standards, help with method validation and "
            "training for metrologists, and would offer calibration services to "
            "neighbouring Central Asian countries once accredited."
        ),
        "category": "equipment-maintenance",
        "support_types": ("technical", "equipment"),
        "budget_usd": 1_800_000,
        "deadline": "2028-09-30",
        "priority": "medium",
        "status": "open",
    },
    {
        "ref": "DEMO-N-012",
        "country": "KAZ",
        "title": "Technology transfer for cell-culture influenza vaccine production",
        "description": (
            "A national biologics company seeks a licensing partner to move seasonal "
            "influenza vaccine production from eggs to cell culture, including "
            "process transfer, GMP upgrading of its facility and support for "
            "registration."
        ),
        "category": "vaccine-manufacturing",
        "support_types": ("technology-transfer", "technical"),
        "budget_usd": 12_000_000,
        "deadline": "2028-12-31",
        "priority": "high",
        "status": "in_discussion",
    },
    {
        "ref": "DEMO-N-013",
        "country": "MYS",
        "title": "Whole genome sequencing for surveillance of antimicrobial resistance",
        "description": (
            "The national public health laboratory uses WGS for outbreak "
            "investigation but not yet for routine AMR surveillance. We plan to "
            "sequence priority bacterial isolates from 40 sentinel hospitals, link "
            "the results with the LIMS and share data with regional partners. Support "
            "is needed for NGS reagents in the first two years, validated "
            "bioinformatics pipelines, and training of analysts in hospital "
            "laboratories."
        ),
        "category": "genomics-bioinformatics",
        "support_types": ("technical", "institutional"),
        "budget_usd": 900_000,
        "deadline": "2027-12-31",
        "priority": "medium",
        "status": "open",
    },
    {
        "ref": "DEMO-N-014",
        "country": "MYS",
        "title": "Cross-border acceleration programme for biotech start-ups",
        "description": (
            "Partners are sought to run a joint accelerator that helps Malaysian "
            "diagnostics and biologics start-ups enter other ASEAN markets, with "
            "mentoring, regulatory guidance and introductions to investors."
        ),
        "category": "incubator",
        "support_types": ("institutional", "financial"),
        "budget_usd": 1_500_000,
        "deadline": "2028-06-30",
        "priority": "low",
        "status": "open",
    },
    {
        "ref": "DEMO-N-015",
        "country": "NPL",
        "title": "Provincial biomedical engineering workshops and BMET training",
        "description": (
            "Nepal has fewer than 200 trained biomedical equipment technicians for "
            "more than 1,000 public health facilities. Each of the seven provinces "
            "needs a biomedical engineering workshop for preventive maintenance, "
            "repair and calibration of medical equipment, with test instruments, a "
            "budget for spare parts and a CMMS linked to the national equipment "
            "inventory. We also seek help to launch a two-year BMET diploma at two "
            "technical institutes."
        ),
        "category": "equipment-maintenance",
        "support_types": ("financial", "capacity-building", "equipment"),
        "budget_usd": 2_400_000,
        "deadline": "2027-12-31",
        "priority": "high",
        "status": "open",
    },
    {
        "ref": "DEMO-N-016",
        "country": "NPL",
        "title": "Upgrading the state-owned pharmaceutical plant to GMP standard",
        "description": (
            "The government-owned pharmaceutical plant produces oral solids, "
            "intravenous fluids and ointments for public hospitals, but its buildings "
            "and utilities no longer meet current GMP. We need engineering design for "
            "new production areas, purified water and HVAC systems, a quality control "
            "laboratory, and a partner to transfer manufacturing processes for 20 "
            "essential medicines so that the plant can supply the free essential "
            "medicines programme."
        ),
        "category": "pharmaceutical-production",
        "support_types": ("financial", "technical", "technology-transfer"),
        "budget_usd": 8_000_000,
        "deadline": "2028-06-30",
        "priority": "high",
        "status": "open",
    },
    {
        "ref": "DEMO-N-017",
        "country": "NPL",
        "title": "BSL-3 laboratory for the national public health laboratory",
        "description": (
            "A BSL-3 suite for culture of tuberculosis and other high-risk pathogens, "
            "which Nepal now ships abroad: design, construction, certification and "
            "biosafety training."
        ),
        "category": "testing-laboratory",
        "support_types": ("financial", "technical", "equipment"),
        "budget_usd": 5_500_000,
        "deadline": "2028-03-31",
        "priority": "high",
        "status": "open",
    },
    {
        "ref": "DEMO-N-018",
        "country": "PAK",
        "title": (
            "Calibration and testing centre for medical equipment in tertiary hospitals"
        ),
        "description": (
            "Tertiary hospitals in Punjab and Sindh operate large fleets of "
            "ventilators, anaesthesia machines, dialysis units and imaging systems "
            "without routine calibration or performance testing. The provincial "
            "health departments propose a shared calibration and testing centre with "
            "mobile teams, test equipment traceable to national standards and a CMMS "
            "to schedule preventive maintenance. Training biomedical engineers and "
            "BMETs in calibration methods is a central part of the request."
        ),
        "category": "equipment-maintenance",
        "support_types": ("technical", "equipment", "capacity-building"),
        "budget_usd": 3_000_000,
        "deadline": "2028-06-30",
        "priority": "high",
        "status": "open",
    },
    {
        "ref": "DEMO-N-019",
        "country": "PAK",
        "title": "Quality control laboratory of the national regulatory authority",
        "description": (
            "The NRA's central drug testing laboratory seeks ISO 17025 accreditation "
            "and the analytical capacity needed for prequalification-level testing of "
            "medicines and biologicals. We need HPLC and dissolution equipment, "
            "method transfer, a QMS and training for analysts."
        ),
        "category": "regulatory-capacity",
        "support_types": ("technical", "capacity-building", "equipment"),
        "budget_usd": 2_200_000,
        "deadline": "2028-12-31",
        "priority": "high",
        "status": "open",
    },
    {
        "ref": "DEMO-N-020",
        "country": "PAK",
        "title": "Telemedicine network for remote districts",
        "description": (
            "Video consultation links between 60 rural health centres in Balochistan "
            "and Khyber Pakhtunkhwa and four teaching hospitals, with connectivity, "
            "devices and clinical protocols."
        ),
        "category": "digital-health",
        "support_types": ("financial", "technical"),
        "budget_usd": 1_100_000,
        "deadline": None,
        "priority": "medium",
        "status": "open",
    },
    {
        "ref": "DEMO-N-021",
        "country": "PHL",
        "title": "Domestic mRNA vaccine fill-finish and biomanufacturing capacity",
        "description": (
            "The Philippines imports all of its vaccines and was among the last "
            "countries in the region to receive COVID-19 doses. The science and "
            "health departments plan a public-private biomanufacturing facility that "
            "would start with fill-finish of mRNA vaccines supplied in bulk and later "
            "produce drug substance. We seek a technology transfer partner for mRNA "
            "and lipid nanoparticle processes, investment finance for a GMP facility, "
            "and institutional links with the regional mRNA vaccine hub for training "
            "and regulatory work-sharing."
        ),
        "category": "vaccine-manufacturing",
        "support_types": ("technology-transfer", "financial", "institutional"),
        "budget_usd": 35_000_000,
        "deadline": "2028-12-31",
        "priority": "high",
        "status": "open",
    },
    {
        "ref": "DEMO-N-022",
        "country": "PHL",
        "title": (
            "National health data centre for the integrated electronic health record"
        ),
        "description": (
            "Universal health care legislation requires every provider to share "
            "patient records. We need a secure national health data centre with "
            "redundant hosting, disaster recovery and a health information exchange, "
            "so that EHR data from public and private hospitals can be stored safely "
            "and used for planning under the data privacy law."
        ),
        "category": "digital-health",
        "support_types": ("financial", "technical"),
        "budget_usd": 6_000_000,
        "deadline": "2028-03-31",
        "priority": "high",
        "status": "open",
    },
    {
        "ref": "DEMO-N-023",
        "country": "PHL",
        "title": "Extending genomic sequencing to regional laboratories",
        "description": (
            "Three sub-national laboratories in Luzon, the Visayas and Mindanao need "
            "benchtop NGS sequencers, bioinformatics training and sample referral "
            "links, so that genomic surveillance of dengue, influenza and emerging "
            "pathogens no longer depends on a single laboratory in Manila."
        ),
        "category": "genomics-bioinformatics",
        "support_types": ("equipment", "capacity-building"),
        "budget_usd": 1_400_000,
        "deadline": "2027-09-30",
        "priority": "medium",
        "status": "open",
    },
    {
        "ref": "DEMO-N-024",
        "country": "KOR",
        "title": "Regulatory science exchange on AI-enabled medical devices",
        "description": (
            "Peer regulators and research institutes are sought to compare approaches "
            "to clinical evaluation, post-market monitoring and cybersecurity of "
            "AI-based medical devices and software."
        ),
        "category": "regulatory-capacity",
        "support_types": ("policy-advice", "institutional"),
        "budget_usd": None,
        "deadline": "2028-12-31",
        "priority": "low",
        "status": "open",
    },
    {
        "ref": "DEMO-N-025",
        "country": "KOR",
        "title": "International partners for a biomanufacturing workforce academy",
        "description": (
            "A bioprocess training academy invites universities and manufacturers "
            "from the region to co-design courses and send trainees."
        ),
        "category": "human-resources",
        "support_types": ("institutional",),
        "budget_usd": None,
        "deadline": None,
        "priority": "low",
        "status": "draft",
    },
    {
        "ref": "DEMO-N-026",
        "country": "LKA",
        "title": "Island-wide calibration service for medical equipment",
        "description": (
            "The biomedical engineering services of the Ministry of Health maintain "
            "equipment in more than 600 state hospitals, but calibration of patient "
            "monitors, defibrillators, infusion pumps and laboratory analysers is "
            "rarely done outside Colombo. We propose five regional biomedical "
            "engineering workshops with calibration benches, a mobile calibration "
            "unit and an upgraded CMMS, together with training of BMETs in preventive "
            "maintenance and calibration procedures."
        ),
        "category": "equipment-maintenance",
        "support_types": ("technical", "equipment", "financial"),
        "budget_usd": 1_600_000,
        "deadline": "2027-12-31",
        "priority": "high",
        "status": "open",
    },
    {
        "ref": "DEMO-N-027",
        "country": "LKA",
        "title": "Ethics review and GCP inspection capacity",
        "description": (
            "Ethics committees and the regulator need standard operating procedures, "
            "reviewer training and a national trial registry to handle the growing "
            "number of multinational clinical trials."
        ),
        "category": "clinical-trials",
        "support_types": ("capacity-building", "policy-advice"),
        "budget_usd": 350_000,
        "deadline": "2027-06-30",
        "priority": "medium",
        "status": "open",
    },
    {
        "ref": "DEMO-N-028",
        "country": "LKA",
        "title": "Biomedical R&D institute linked to national universities",
        "description": (
            "Sri Lanka has strong medical faculties but no dedicated institute for "
            "translational biomedical research. The proposed institute would host "
            "shared core facilities for cell culture, proteomics and assay "
            "development, a technology transfer office and a small pilot-scale unit "
            "for producing diagnostic kits. We are looking for partner institutes for "
            "joint research programmes and staff exchange, and for financial support "
            "for the first phase of construction."
        ),
        "category": "rd-institute",
        "support_types": ("institutional", "financial", "technical"),
        "budget_usd": 10_000_000,
        "deadline": "2029-06-30",
        "priority": "medium",
        "status": "open",
    },
    {
        "ref": "DEMO-N-029",
        "country": "THA",
        "title": "ISO 17025 testing laboratory for medical devices",
        "description": (
            "Thai device makers send products abroad for electrical safety, "
            "electromagnetic compatibility and biocompatibility testing. A national "
            "testing laboratory accredited to ISO 17025 would cut cost and time to "
            "market and support the regulator's conformity assessment."
        ),
        "category": "testing-laboratory",
        "support_types": ("technical", "equipment"),
        "budget_usd": 2_500_000,
        "deadline": "2028-06-30",
        "priority": "medium",
        "status": "open",
    },
    {
        "ref": "DEMO-N-030",
        "country": "THA",
        "title": (
            "AI-assisted screening for diabetic retinopathy in community hospitals"
        ),
        "description": (
            "Deploy and evaluate AI-assisted retinal screening in 80 community "
            "hospitals, with integration into provincial EHR systems and an HTA of "
            "its cost-effectiveness."
        ),
        "category": "digital-health",
        "support_types": ("technical", "financial"),
        "budget_usd": 600_000,
        "deadline": "2027-12-31",
        "priority": "low",
        "status": "open",
    },
    {
        "ref": "DEMO-N-031",
        "country": "THA",
        "title": (
            "Advice on public-private partnership models for biomedical infrastructure"
        ),
        "description": (
            "Comparative advice on PPP models used elsewhere in Asia for laboratories "
            "and hospital equipment."
        ),
        "category": None,
        "support_types": ("policy-advice",),
        "budget_usd": None,
        "deadline": None,
        "priority": "low",
        "status": "draft",
    },
    {
        "ref": "DEMO-N-032",
        "country": "KHM",
        "title": (
            "Feasibility study and fill-finish capacity for routine and mRNA vaccines"
        ),
        "description": (
            "Cambodia wants to assess whether a small fill-finish plant for routine "
            "childhood vaccines, and later for mRNA vaccines supplied by the regional "
            "hub, would be viable. We seek a feasibility study, GMP facility design "
            "and a technology transfer partner for aseptic filling and vaccine "
            "quality control."
        ),
        "category": "vaccine-manufacturing",
        "support_types": ("technical", "financial", "technology-transfer"),
        "budget_usd": 15_000_000,
        "deadline": "2029-06-30",
        "priority": "medium",
        "status": "open",
    },
    {
        "ref": "DEMO-N-033",
        "country": "KHM",
        "title": (
            "Essential imaging and laboratory equipment for provincial referral "
            "hospitals"
        ),
        "description": (
            "Twelve provincial referral hospitals lack working ultrasound, digital "
            "X-ray and haematology analysers. We need the equipment with "
            "installation, user training and at least five years of service cover."
        ),
        "category": "biomedical-equipment",
        "support_types": ("equipment", "financial"),
        "budget_usd": 3_800_000,
        "deadline": "2027-12-31",
        "priority": "high",
        "status": "open",
    },
    {
        "ref": "DEMO-N-034",
        "country": "LAO",
        "title": "RT-PCR and BSL-2 capacity for provincial hospital laboratories",
        "description": (
            "Only the national laboratory and two hospitals in Vientiane can run "
            "RT-PCR. We plan to equip six provincial hospital laboratories with "
            "real-time PCR, biosafety cabinets and BSL-2 working areas, and to train "
            "laboratory staff in biosafety, specimen handling and QA/QC, so that "
            "patients with suspected dengue, influenza, tuberculosis or COVID-19 can "
            "be diagnosed close to home."
        ),
        "category": "testing-laboratory",
        "support_types": ("equipment", "capacity-building", "technical"),
        "budget_usd": 1_300_000,
        "deadline": "2027-12-31",
        "priority": "high",
        "status": "open",
    },
    {
        "ref": "DEMO-N-035",
        "country": "LAO",
        "title": "Sequencing capacity for dengue and influenza surveillance",
        "description": (
            "A benchtop NGS platform and bioinformatics mentoring for the national "
            "laboratory."
        ),
        "category": "genomics-bioinformatics",
        "support_types": ("equipment", "technical"),
        "budget_usd": 450_000,
        "deadline": "2028-06-30",
        "priority": "medium",
        "status": "open",
    },
    {
        "ref": "DEMO-N-036",
        "country": "MMR",
        "title": "QA/QC training for hospital laboratory staff",
        "description": (
            "Training in quality assurance, internal quality control and external "
            "quality assessment for laboratory technicians in state and regional "
            "hospitals."
        ),
        "category": "human-resources",
        "support_types": ("capacity-building",),
        "budget_usd": 220_000,
        "deadline": None,
        "priority": "medium",
        "status": "draft",
    },
    {
        "ref": "DEMO-N-037",
        "country": "MMR",
        "title": "Repair of oxygen concentrators and ventilators in township hospitals",
        "description": (
            "Many oxygen concentrators and ventilators delivered during the pandemic "
            "stand idle for lack of spare parts and trained technicians. We need "
            "spare parts, tool kits and hands-on repair training for technicians in "
            "township hospitals."
        ),
        "category": "equipment-maintenance",
        "support_types": ("technical", "equipment", "capacity-building"),
        "budget_usd": 700_000,
        "deadline": "2027-09-30",
        "priority": "high",
        "status": "open",
    },
    {
        "ref": "DEMO-N-038",
        "country": "MNG",
        "title": "BSL-3 laboratory at the national centre for communicable diseases",
        "description": (
            "The national centre for communicable diseases handles tuberculosis, "
            "plague and anthrax specimens from patients in an ageing containment "
            "facility. We seek design and financing for a certified BSL-3 laboratory, "
            "biosafety and biosecurity training, and a service contract for its air "
            "handling units and autoclaves."
        ),
        "category": "testing-laboratory",
        "support_types": ("financial", "equipment", "technical"),
        "budget_usd": 4_800_000,
        "deadline": "2028-06-30",
        "priority": "high",
        "status": "open",
    },
    {
        "ref": "DEMO-N-039",
        "country": "MNG",
        "title": "Telemedicine for soum health centres",
        "description": (
            "Herder families rely on small soum health centres far from any "
            "specialist. We want to link 120 soum centres with aimag hospitals "
            "through telemedicine, tele-ultrasound and tele-ECG, using satellite "
            "connectivity where needed."
        ),
        "category": "digital-health",
        "support_types": ("technical", "equipment"),
        "budget_usd": 900_000,
        "deadline": "2028-12-31",
        "priority": "medium",
        "status": "open",
    },
    {
        "ref": "DEMO-N-040",
        "country": "MNG",
        "title": "Research partnerships for a university biomedical research institute",
        "description": (
            "A partner institute for joint projects, PhD supervision and management "
            "of shared research equipment."
        ),
        "category": "rd-institute",
        "support_types": ("institutional", "capacity-building"),
        "budget_usd": 400_000,
        "deadline": "2029-03-31",
        "priority": "low",
        "status": "open",
    },
    {
        "ref": "DEMO-N-041",
        "country": "BTN",
        "title": "Regional biomedical engineering workshops for district hospitals",
        "description": (
            "The biomedical engineering unit in Thimphu serves 20 district hospitals "
            "that are several days away by road. We need two regional maintenance and "
            "calibration workshops, test equipment, a CMMS and training for "
            "biomedical equipment technicians."
        ),
        "category": "equipment-maintenance",
        "support_types": ("capacity-building", "equipment", "technical"),
        "budget_usd": 650_000,
        "deadline": "2027-12-31",
        "priority": "medium",
        "status": "open",
    },
    {
        "ref": "DEMO-N-042",
        "country": "TLS",
        "title": "Microbiology and BSL-2 upgrade of the national health laboratory",
        "description": (
            "Culture and antimicrobial susceptibility testing in a BSL-2 microbiology "
            "suite, and preparation for ISO 15189 accreditation, so that AMR can be "
            "monitored and patients treated on laboratory evidence."
        ),
        "category": "testing-laboratory",
        "support_types": ("equipment", "capacity-building"),
        "budget_usd": 800_000,
        "deadline": "2028-03-31",
        "priority": "high",
        "status": "open",
    },
    {
        "ref": "DEMO-N-043",
        "country": "TLS",
        "title": "Degree scholarships for medical laboratory scientists",
        "description": (
            "Ten scholarships for degrees in medical laboratory science abroad, with "
            "a commitment to return to public service."
        ),
        "category": "human-resources",
        "support_types": ("capacity-building", "financial"),
        "budget_usd": 300_000,
        "deadline": "2028-12-31",
        "priority": "medium",
        "status": "open",
    },
    {
        "ref": "DEMO-N-044",
        "country": "FJI",
        "title": "Biomedical engineering service for divisional hospitals",
        "description": (
            "A team of six biomedical engineering staff covers three divisional "
            "hospitals and many health centres spread across the islands. We need "
            "in-country training for technicians, access to a regional pool of spare "
            "parts, and remote support from experienced clinical engineers."
        ),
        "category": "equipment-maintenance",
        "support_types": ("capacity-building", "technical", "equipment"),
        "budget_usd": 500_000,
        "deadline": "2027-12-31",
        "priority": "medium",
        "status": "open",
    },
    {
        "ref": "DEMO-N-045",
        "country": "FJI",
        "title": "Telemedicine links to outer-island nursing stations",
        "description": (
            "Satellite links and telemedicine carts for 15 nursing stations on outer "
            "islands, connected to the divisional hospitals."
        ),
        "category": "digital-health",
        "support_types": ("technical", "equipment"),
        "budget_usd": 400_000,
        "deadline": "2028-06-30",
        "priority": "low",
        "status": "open",
    },
    {
        "ref": "DEMO-N-046",
        "country": "PNG",
        "title": "Medical equipment maintenance for provincial hospitals",
        "description": (
            "Most provincial hospitals have no resident biomedical technician, and "
            "broken equipment waits months for repair. Support is sought for a "
            "national maintenance plan, regional workshops and BMET training."
        ),
        "category": "equipment-maintenance",
        "support_types": ("technical", "capacity-building", "financial"),
        "budget_usd": 1_200_000,
        "deadline": "2028-06-30",
        "priority": "high",
        "status": "open",
    },
    {
        "ref": "DEMO-N-047",
        "country": "PNG",
        "title": (
            "Tuberculosis culture and drug-susceptibility testing laboratory at BSL-3"
        ),
        "description": (
            "Papua New Guinea has one of the highest burdens of drug-resistant "
            "tuberculosis in the region, yet sends isolates abroad for culture and "
            "drug-susceptibility testing. A BSL-3 laboratory in Port Moresby, with "
            "trained staff and a maintenance plan for its containment systems, would "
            "shorten diagnosis from months to weeks and allow treatment to start "
            "sooner."
        ),
        "category": "testing-laboratory",
        "support_types": ("financial", "equipment", "technical"),
        "budget_usd": 3_500_000,
        "deadline": "2028-12-31",
        "priority": "high",
        "status": "open",
    },
    {
        "ref": "DEMO-N-048",
        "country": "SLB",
        "title": "Training and tool kits for hospital equipment technicians",
        "description": (
            "Short courses and tool kits for eight technicians at the national "
            "referral hospital and provincial hospitals."
        ),
        "category": "equipment-maintenance",
        "support_types": ("capacity-building", "equipment"),
        "budget_usd": 250_000,
        "deadline": "2027-12-31",
        "priority": "medium",
        "status": "open",
    },
    {
        "ref": "DEMO-N-049",
        "country": "UZB",
        "title": "GMP upgrading of local generic medicine manufacturers",
        "description": (
            "About 150 domestic manufacturers must meet GMP requirements under the "
            "new medicines law. We seek credit lines for factory upgrades, advice on "
            "building a GMP inspectorate, and support to begin local synthesis of "
            "selected API."
        ),
        "category": "pharmaceutical-production",
        "support_types": ("financial", "policy-advice", "technical"),
        "budget_usd": 18_000_000,
        "deadline": "2029-03-31",
        "priority": "medium",
        "status": "open",
    },
    {
        "ref": "DEMO-N-050",
        "country": "UZB",
        "title": "Laboratory quality management for regional diagnostic laboratories",
        "description": (
            "QMS implementation and ISO 15189 readiness for 14 regional diagnostic "
            "laboratories, with mentors and external quality assessment."
        ),
        "category": "testing-laboratory",
        "support_types": ("capacity-building",),
        "budget_usd": 600_000,
        "deadline": "2028-06-30",
        "priority": "medium",
        "status": "open",
    },
    {
        "ref": "DEMO-N-051",
        "country": "KGZ",
        "title": "BSL-3 reference laboratory for especially dangerous infections",
        "description": (
            "The national reference laboratory for plague, anthrax, tularaemia and "
            "other especially dangerous infections in humans works in a building from "
            "the 1970s. We need a new BSL-3 facility, biosafety and biosecurity "
            "training, and ISO 15189 accreditation of its diagnostic work."
        ),
        "category": "testing-laboratory",
        "support_types": ("financial", "equipment", "technical"),
        "budget_usd": 4_000_000,
        "deadline": "2028-09-30",
        "priority": "high",
        "status": "open",
    },
    {
        "ref": "DEMO-N-052",
        "country": "KGZ",
        "title": "Calibration of laboratory equipment in public laboratories",
        "description": (
            "Calibration of pipettes, balances, centrifuges and thermometers, and "
            "training of local metrologists."
        ),
        "category": "equipment-maintenance",
        "support_types": ("technical",),
        "budget_usd": 250_000,
        "deadline": None,
        "priority": "low",
        "status": "open",
    },
    {
        "ref": "DEMO-N-053",
        "country": "VNM",
        "title": "mRNA vaccine technology transfer and fill-finish scale-up",
        "description": (
            "A national vaccine institute has produced mRNA vaccine candidates at "
            "laboratory scale. It now needs GMP biomanufacturing at commercial scale: "
            "transfer of lipid nanoparticle formulation, an aseptic fill-finish line, "
            "QA/QC laboratories and trained staff, in coordination with the regional "
            "mRNA vaccine hub and other South-East Asian producers."
        ),
        "category": "vaccine-manufacturing",
        "support_types": ("technology-transfer", "technical", "financial"),
        "budget_usd": 28_000_000,
        "deadline": "2028-06-30",
        "priority": "high",
        "status": "open",
    },
    {
        "ref": "DEMO-N-054",
        "country": "VNM",
        "title": "Local manufacturing of patient monitors and infusion pumps",
        "description": (
            "Domestic device makers seek licensing partners and support for ISO 13485 "
            "certification to produce patient monitors and infusion pumps for public "
            "hospitals."
        ),
        "category": "biomedical-equipment",
        "support_types": ("technology-transfer", "technical"),
        "budget_usd": 5_000_000,
        "deadline": "2029-06-30",
        "priority": "medium",
        "status": "open",
    },
)

# Offers by the partners above. eligible holds alpha-3 codes, sub-region slugs or
# ("any",); capacity is how many needs an offer can take on.
OFFERS: tuple[dict, ...] = (
    {
        "ref": "DEMO-O-001",
        "organisation": "Hanbit Agency for International Health Cooperation",
        "title": "Design, construction and certification of one BSL-3 laboratory",
        "description": (
            "A grant for one partner country to build or refurbish a BSL-3 laboratory "
            "at its national public health or reference laboratory. The package "
            "covers architectural and engineering design, construction supervision, "
            "containment equipment, certification by an independent biosafety "
            "professional, and two years of training and operating support. "
            "Applicants should show a realistic budget for running costs and staff "
            "after handover. One project will be selected in the current round."
        ),
        "categories": ("testing-laboratory",),
        "support_types": ("financial", "technical", "equipment"),
        "eligible": ("south-south-west-asia", "north-central-asia", "pacific", "MNG"),
        "capacity": 1,
        "modality": "bilateral",
        "budget_usd": 6_000_000,
        "valid_until": "2028-12-31",
        "status": "open",
    },
    {
        "ref": "DEMO-O-002",
        "organisation": "Hanbit Agency for International Health Cooperation",
        "title": "Fellowships in clinical laboratory science and biosafety",
        "description": (
            "Six-month fellowships at university hospitals in the Republic of Korea "
            "for laboratory scientists, covering molecular diagnostics, biosafety and "
            "laboratory QMS."
        ),
        "categories": ("human-resources",),
        "support_types": ("capacity-building",),
        "eligible": ("any",),
        "capacity": 6,
        "modality": "either",
        "budget_usd": 900_000,
        "valid_until": "2029-06-30",
        "status": "open",
    },
    {
        "ref": "DEMO-O-003",
        "organisation": "Japan Overseas Partnership Office for Health Technology",
        "title": "Grant aid for imaging and laboratory equipment in referral hospitals",
        "description": (
            "Equipment grants for provincial or regional referral hospitals: "
            "ultrasound, digital radiography, haematology and clinical chemistry "
            "analysers, delivered with installation, user training and a five-year "
            "service contract with the supplier. Requests must come from the ministry "
            "of health and include a staffing plan for the hospital's technical "
            "staff."
        ),
        "categories": ("biomedical-equipment",),
        "support_types": ("equipment", "financial", "technical"),
        "eligible": ("KHM", "LAO", "MNG", "TLS", "PNG", "SLB", "FJI"),
        "capacity": 2,
        "modality": "bilateral",
        "budget_usd": 8_000_000,
        "valid_until": "2028-03-31",
        "status": "open",
    },
    {
        "ref": "DEMO-O-004",
        "organisation": "Japan Overseas Partnership Office for Health Technology",
        "title": "Post-pandemic grant for PPE and oxygen equipment",
        "description": (
            "Grants for PPE, oxygen concentrators and pulse oximeters for hospitals "
            "recovering from the COVID-19 pandemic."
        ),
        "categories": ("biomedical-equipment",),
        "support_types": ("equipment", "financial"),
        "eligible": ("any",),
        "capacity": 5,
        "modality": "either",
        "budget_usd": 5_000_000,
        "valid_until": "2025-06-30",
        "status": "open",
    },
    {
        "ref": "DEMO-O-005",
        "organisation": "Southern Cross Health Partnerships Fund",
        "title": "Pacific biomedical engineering training and service network",
        "description": (
            "A four-year regional programme that trains biomedical equipment "
            "technicians from Pacific island countries at a partner institute, "
            "supplies standard tool kits and test equipment, and sets up a shared "
            "spare parts pool and a remote help desk staffed by experienced clinical "
            "engineers. Each participating ministry of health nominates trainees and "
            "commits to creating permanent BMET posts. The programme also helps "
            "countries adopt a simple CMMS to plan preventive maintenance and "
            "calibration."
        ),
        "categories": ("equipment-maintenance", "human-resources"),
        "support_types": ("capacity-building", "technical", "equipment"),
        "eligible": ("pacific",),
        "capacity": 4,
        "modality": "regional",
        "budget_usd": 3_200_000,
        "valid_until": "2028-12-31",
        "status": "open",
    },
    {
        "ref": "DEMO-O-006",
        "organisation": "Southern Cross Health Partnerships Fund",
        "title": "Telehealth connectivity for remote island health facilities",
        "description": (
            "Satellite connectivity, telemedicine equipment and clinical protocols "
            "linking remote health facilities with referral hospitals, delivered as "
            "one regional package."
        ),
        "categories": ("digital-health",),
        "support_types": ("financial", "equipment", "technical"),
        "eligible": ("pacific", "TLS"),
        "capacity": 3,
        "modality": "regional",
        "budget_usd": 2_000_000,
        "valid_until": "2028-06-30",
        "status": "open",
    },
    {
        "ref": "DEMO-O-007",
        "organisation": "Straits Technical Cooperation Office",
        "title": (
            "Medical device regulatory reliance and conformity assessment workshops"
        ),
        "description": (
            "Workshops, staff attachments and model procedures for regulators "
            "building risk-based classification, conformity assessment and reliance "
            "on reference regulators for medical devices, including software and in "
            "vitro diagnostics."
        ),
        "categories": ("regulatory-capacity",),
        "support_types": ("policy-advice", "capacity-building"),
        "eligible": ("south-east-asia",),
        "capacity": 6,
        "modality": "regional",
        "budget_usd": None,
        "valid_until": "2029-12-31",
        "status": "open",
    },
    {
        "ref": "DEMO-O-008",
        "organisation": "Straits Technical Cooperation Office",
        "title": "Regional health-tech start-up exchange",
        "description": (
            "Three-month residencies in Singapore for teams from national incubators, "
            "with mentoring on regulatory strategy, clinical validation and "
            "fundraising."
        ),
        "categories": ("incubator",),
        "support_types": ("institutional", "capacity-building"),
        "eligible": ("south-east-asia",),
        "capacity": 5,
        "modality": "regional",
        "budget_usd": 1_000_000,
        "valid_until": "2028-12-31",
        "status": "open",
    },
    {
        "ref": "DEMO-O-009",
        "organisation": "Bharat Partnership for Health Technology",
        "title": (
            "Strengthening clinical trial sites and ethics committees in South Asia"
        ),
        "description": (
            "A regional programme to bring clinical trial sites and ethics committees "
            "in South Asia to a common standard. It offers GCP certification courses, "
            "mentoring of ethics committee secretariats, joint inspections with "
            "national regulators, and access to a shared electronic data capture "
            "platform. Participating countries agree to work towards mutual "
            "recognition of ethics review for multi-country trials, so that studies "
            "on tuberculosis, maternal health and neglected tropical diseases can "
            "enrol patients across borders."
        ),
        "categories": ("clinical-trials",),
        "support_types": ("capacity-building", "institutional", "technical"),
        "eligible": ("south-south-west-asia",),
        "capacity": 4,
        "modality": "regional",
        "budget_usd": 2_500_000,
        "valid_until": "2028-12-31",
        "status": "open",
    },
    {
        "ref": "DEMO-O-010",
        "organisation": "Bharat Partnership for Health Technology",
        "title": "Technology transfer for essential generic medicines",
        "description": (
            "Public sector manufacturers can receive product dossiers, process "
            "know-how and on-site GMP coaching for up to 15 essential generic "
            "medicines, including oral solids and intravenous fluids."
        ),
        "categories": ("pharmaceutical-production",),
        "support_types": ("technology-transfer", "technical"),
        "eligible": ("BGD", "NPL", "BTN", "LKA", "MMR"),
        "capacity": 2,
        "modality": "bilateral",
        "budget_usd": None,
        "valid_until": "2029-06-30",
        "status": "open",
    },
    {
        "ref": "DEMO-O-011",
        "organisation": "Chao Phraya Development Cooperation Agency",
        "title": "Laboratory quality management mentoring for neighbouring countries",
        "description": (
            "Thai reference laboratories mentor hospital and public health "
            "laboratories in neighbouring countries over 24 months: QMS "
            "documentation, internal audits, external quality assessment and "
            "preparation for ISO 15189 accreditation."
        ),
        "categories": ("testing-laboratory", "human-resources"),
        "support_types": ("capacity-building", "technical"),
        "eligible": ("KHM", "LAO", "MMR", "VNM", "TLS"),
        "capacity": 5,
        "modality": "regional",
        "budget_usd": 800_000,
        "valid_until": "2028-06-30",
        "status": "open",
    },
    {
        "ref": "DEMO-O-012",
        "organisation": "Chao Phraya Development Cooperation Agency",
        "title": "Primary care telemedicine exchange",
        "description": (
            "Study visits and technical advice on district telemedicine services."
        ),
        "categories": ("digital-health",),
        "support_types": ("technical", "capacity-building"),
        "eligible": ("KHM", "LAO", "MMR", "BTN", "NPL", "MNG"),
        "capacity": 3,
        "modality": "either",
        "budget_usd": None,
        "valid_until": None,
        "status": "draft",
    },
    {
        "ref": "DEMO-O-013",
        "organisation": "Asia-Pacific Bank for Health Infrastructure",
        "title": "Concessional loans for medicine and API manufacturing",
        "description": (
            "Sovereign or sovereign-guaranteed loans for one national programme per "
            "funding round to expand GMP-compliant production of essential medicines "
            "and active pharmaceutical ingredients. Eligible costs include "
            "construction and upgrading of manufacturing plants, quality control "
            "laboratories, effluent treatment and working capital for public sector "
            "manufacturers. Technical assistance for feasibility studies, market "
            "analysis and regulatory readiness is included. Appraisal of the selected "
            "programme will start in 2027."
        ),
        "categories": ("pharmaceutical-production",),
        "support_types": ("financial", "policy-advice"),
        "eligible": ("south-south-west-asia", "north-central-asia"),
        "capacity": 1,
        "modality": "bilateral",
        "budget_usd": 40_000_000,
        "valid_until": "2029-12-31",
        "status": "open",
    },
    {
        "ref": "DEMO-O-014",
        "organisation": "Asia-Pacific Bank for Health Infrastructure",
        "title": "Health data infrastructure and hospital digitalisation loans",
        "description": (
            "Loans for national EHR platforms, LIMS, telemedicine and health "
            "information exchange, including secure hosting and cybersecurity."
        ),
        "categories": ("digital-health",),
        "support_types": ("financial", "technical"),
        "eligible": ("south-south-west-asia", "north-central-asia", "MNG"),
        "capacity": 2,
        "modality": "bilateral",
        "budget_usd": 25_000_000,
        "valid_until": "2029-06-30",
        "status": "open",
    },
    {
        "ref": "DEMO-O-015",
        "organisation": "Asia-Pacific Health Technology Cooperation Facility",
        "title": "South-East Asia genomic surveillance network",
        "description": (
            "A regional network that helps national and sub-national laboratories in "
            "South-East Asia generate and share sequencing data on pathogens of "
            "public health concern, including AMR bacteria, dengue and influenza. "
            "Members receive benchtop NGS sequencers or reagent support, "
            "bioinformatics training and mentoring, common metadata standards, and "
            "access to a regional data-sharing platform. The network also runs an "
            "annual proficiency testing round for WGS and meets once a year to "
            "compare results."
        ),
        "categories": ("genomics-bioinformatics", "testing-laboratory"),
        "support_types": ("technical", "capacity-building", "equipment"),
        "eligible": ("south-east-asia",),
        "capacity": 5,
        "modality": "regional",
        "budget_usd": 4_000_000,
        "valid_until": "2028-12-31",
        "status": "open",
    },
    {
        "ref": "DEMO-O-016",
        "organisation": "Asia-Pacific Health Technology Cooperation Facility",
        "title": "Health technology assessment advisory service",
        "description": (
            "Advice to ministries of health and NRAs on setting up HTA units, writing "
            "methods guides and using HTA to set priorities for medicines and medical "
            "devices."
        ),
        "categories": ("regulatory-capacity",),
        "support_types": ("policy-advice", "technical"),
        "eligible": ("any",),
        "capacity": 3,
        "modality": "either",
        "budget_usd": None,
        "valid_until": "2029-12-31",
        "status": "open",
    },
    {
        "ref": "DEMO-O-017",
        "organisation": "Asia-Pacific Health Technology Cooperation Facility",
        "title": (
            "Laboratory quality and ISO 15189 accreditation programme for North and "
            "Central Asia"
        ),
        "description": (
            "Over three years the programme supports reference and regional "
            "laboratories in North and Central Asia to implement a QMS and reach ISO "
            "15189 accreditation. It trains national assessors together with "
            "accreditation bodies, runs external quality assessment schemes in "
            "Russian and English, and advises ministries on laboratory policy and "
            "licensing."
        ),
        "categories": ("testing-laboratory", "regulatory-capacity"),
        "support_types": ("capacity-building", "technical", "policy-advice"),
        "eligible": ("north-central-asia",),
        "capacity": 4,
        "modality": "regional",
        "budget_usd": 1_500_000,
        "valid_until": "2028-06-30",
        "status": "open",
    },
    {
        "ref": "DEMO-O-018",
        "organisation": "Intergovernmental One Health Laboratory Office",
        "title": "Veterinary diagnostic laboratory twinning for animal health",
        "description": (
            "Twinning between national veterinary laboratories and international "
            "reference laboratories to diagnose transboundary animal diseases such as "
            "avian influenza, African swine fever and foot-and-mouth disease. "
            "Partners receive real-time RT-PCR equipment, biosafety cabinets and "
            "advice on BSL-2 renovation, training in QA/QC and ISO 17025 for "
            "veterinary services, and support for livestock and poultry disease "
            "surveillance. The offer follows a One Health approach but is limited to "
            "animal health laboratories."
        ),
        "categories": ("testing-laboratory",),
        "support_types": ("technical", "capacity-building", "equipment"),
        "eligible": ("south-east-asia", "south-south-west-asia"),
        "capacity": 3,
        "modality": "either",
        "budget_usd": 1_200_000,
        "valid_until": "2028-12-31",
        "status": "open",
    },
    {
        "ref": "DEMO-O-019",
        "organisation": "Han River Institute of Biotechnology",
        "title": "Joint research institute partnerships and researcher exchange",
        "description": (
            "Help to design and launch a biomedical R&D institute: joint research "
            "programmes in diagnostics and biologics, postdoctoral exchange, "
            "management of shared core facilities, and a model for a technology "
            "transfer office."
        ),
        "categories": ("rd-institute", "human-resources"),
        "support_types": ("institutional", "capacity-building", "technical"),
        "eligible": ("any",),
        "capacity": 3,
        "modality": "either",
        "budget_usd": 1_800_000,
        "valid_until": "2029-06-30",
        "status": "open",
    },
    {
        "ref": "DEMO-O-020",
        "organisation": "Kaveri Institute of Genomic Medicine",
        "title": "Bioinformatics training and NGS data analysis support",
        "description": (
            "Hands-on courses and remote analysis support for laboratories starting "
            "NGS and WGS: pipelines, quality control of sequencing data, variant "
            "interpretation and data sharing."
        ),
        "categories": ("genomics-bioinformatics", "human-resources"),
        "support_types": ("capacity-building", "technical"),
        "eligible": ("south-south-west-asia", "north-central-asia"),
        "capacity": 6,
        "modality": "regional",
        "budget_usd": 600_000,
        "valid_until": "2028-12-31",
        "status": "open",
    },
    {
        "ref": "DEMO-O-021",
        "organisation": "Pacific Rim University Clinical Trials Centre",
        "title": (
            "GCP training and trial coordination for South-East Asian and Pacific sites"
        ),
        "description": (
            "Online and on-site GCP courses, site readiness assessments and a "
            "coordinating centre for investigator-initiated trials."
        ),
        "categories": ("clinical-trials",),
        "support_types": ("capacity-building", "technical"),
        "eligible": ("south-east-asia", "pacific"),
        "capacity": 3,
        "modality": "regional",
        "budget_usd": 700_000,
        "valid_until": "2028-06-30",
        "status": "open",
    },
    {
        "ref": "DEMO-O-022",
        "organisation": "Institute for Tropical Crops and Medicinal Plants",
        "title": "Medicinal plant research and crop improvement partnership",
        "description": (
            "Joint research on medicinal plant species and tropical crops: germplasm "
            "collection, seed systems, agronomy and post-harvest handling, and "
            "phytochemical screening of plant extracts. We offer training for "
            "agricultural researchers and farmer groups, and transfer of tissue "
            "culture methods for plant propagation."
        ),
        "categories": ("rd-institute",),
        "support_types": ("technical", "capacity-building", "technology-transfer"),
        "eligible": ("any",),
        "capacity": 4,
        "modality": "either",
        "budget_usd": 500_000,
        "valid_until": "2029-12-31",
        "status": "open",
    },
    {
        "ref": "DEMO-O-023",
        "organisation": "Meridian Medical Devices Pte Ltd",
        "title": "Refurbished imaging equipment with a five-year service contract",
        "description": (
            "Certified refurbished ultrasound, X-ray and CT systems at reduced cost, "
            "with installation, user training, and preventive maintenance and "
            "calibration by our regional service engineers for five years."
        ),
        "categories": ("biomedical-equipment", "equipment-maintenance"),
        "support_types": ("equipment", "technical"),
        "eligible": ("south-east-asia", "pacific"),
        "capacity": 2,
        "modality": "bilateral",
        "budget_usd": 2_500_000,
        "valid_until": "2028-12-31",
        "status": "open",
    },
    {
        "ref": "DEMO-O-024",
        "organisation": "Meridian Medical Devices Pte Ltd",
        "title": "Licensed local assembly of patient monitors",
        "description": (
            "Licence, component supply and production line set-up for one local "
            "manufacturer to assemble patient monitors under an ISO 13485 quality "
            "system."
        ),
        "categories": ("biomedical-equipment",),
        "support_types": ("technology-transfer", "technical"),
        "eligible": ("VNM", "IDN", "PHL", "THA", "MYS"),
        "capacity": 1,
        "modality": "bilateral",
        "budget_usd": None,
        "valid_until": "2029-12-31",
        "status": "draft",
    },
    {
        "ref": "DEMO-O-025",
        "organisation": "Lotus Biologics Co., Ltd.",
        "title": "Technology transfer for cell-culture influenza vaccine production",
        "description": (
            "Licence and process transfer for seasonal influenza vaccine made in MDCK "
            "cells, including a master cell bank, upstream and downstream processes, "
            "analytical methods, and GMP support until the first registration batches "
            "are released. One licensee will be selected."
        ),
        "categories": ("vaccine-manufacturing",),
        "support_types": ("technology-transfer", "technical"),
        "eligible": ("north-central-asia", "MNG"),
        "capacity": 1,
        "modality": "bilateral",
        "budget_usd": None,
        "valid_until": "2028-12-31",
        "status": "open",
    },
    {
        "ref": "DEMO-O-026",
        "organisation": "Helix Lab Systems Pvt Ltd",
        "title": "LIMS licence and implementation for a national reference laboratory",
        "description": (
            "A perpetual LIMS licence for one national reference laboratory, with "
            "configuration, interfaces to analysers and to the national EHR, and "
            "training of laboratory and IT staff. Offered in countries where we have "
            "a local implementation partner."
        ),
        "categories": ("digital-health", "testing-laboratory"),
        "support_types": ("equipment", "technical", "capacity-building"),
        "eligible": ("KAZ", "UZB", "KGZ", "MNG", "IDN", "PHL", "VNM", "THA", "MYS"),
        "capacity": 1,
        "modality": "bilateral",
        "budget_usd": 350_000,
        "valid_until": "2028-06-30",
        "status": "open",
    },
    {
        "ref": "DEMO-O-027",
        "organisation": "Apex Diagnostics Group Berhad",
        "title": "Franchise partnership for imaging and laboratory diagnostic centres",
        "description": (
            "We co-invest with public or private hospital groups to open diagnostic "
            "centres offering imaging, laboratory tests and health check-ups. The "
            "partner provides the site; we supply the equipment, a QMS, staff "
            "training and a central reporting platform. Each national diagnostic "
            "centre then serves as a hub for smaller sample collection points in "
            "surrounding districts."
        ),
        "categories": ("biomedical-equipment", "testing-laboratory"),
        "support_types": ("equipment", "technical", "financial"),
        "eligible": ("PHL", "IDN", "VNM", "MYS", "THA"),
        "capacity": 2,
        "modality": "bilateral",
        "budget_usd": 3_000_000,
        "valid_until": "2028-12-31",
        "status": "open",
    },
    {
        "ref": "DEMO-O-028",
        "organisation": "Lantern Foundation for Global Health",
        "title": "Fellowships for women scientists in biomedical research",
        "description": (
            "Two-year postdoctoral fellowships for women researchers in "
            "biotechnology, diagnostics and clinical research, held at an institution "
            "in their home country."
        ),
        "categories": ("human-resources",),
        "support_types": ("capacity-building", "financial"),
        "eligible": ("any",),
        "capacity": 6,
        "modality": "either",
        "budget_usd": 1_200_000,
        "valid_until": "2029-06-30",
        "status": "open",
    },
    {
        "ref": "DEMO-O-029",
        "organisation": "Lantern Foundation for Global Health",
        "title": (
            "Catalytic grants for regulatory systems and digital health in least "
            "developed countries"
        ),
        "description": (
            "Grants of up to USD 500,000 for ministries of health and NRAs in least "
            "developed countries. Eligible uses include drafting medicines and "
            "medical device regulations, electronic registration and "
            "pharmacovigilance systems, and national digital health strategies. Each "
            "grant comes with policy advice from experienced regulators and digital "
            "health specialists, and grantees join a peer network that meets twice a "
            "year. Priority goes to proposals that prepare a country for reliance on "
            "reference regulators and for graduation from LDC status."
        ),
        "categories": ("regulatory-capacity", "digital-health"),
        "support_types": ("financial", "policy-advice"),
        "eligible": ("AFG", "BGD", "KHM", "KIR", "LAO", "MMR", "NPL", "TLS", "TUV"),
        "capacity": 4,
        "modality": "either",
        "budget_usd": 2_000_000,
        "valid_until": "2028-12-31",
        "status": "open",
    },
    {
        "ref": "DEMO-O-030",
        "organisation": "Lantern Foundation for Global Health",
        "title": "Rapid diagnostics grant round for COVID-19 testing",
        "description": (
            "Grants for RT-PCR reagents and rapid antigen tests during the pandemic. "
            "This round is closed and no further applications are accepted."
        ),
        "categories": ("testing-laboratory",),
        "support_types": ("financial", "equipment"),
        "eligible": ("any",),
        "capacity": 10,
        "modality": "either",
        "budget_usd": 3_000_000,
        "valid_until": None,
        "status": "closed",
    },
    {
        "ref": "DEMO-O-031",
        "organisation": "Open Bench Health Engineering Network",
        "title": "Volunteer engineers and spare parts for hospital equipment",
        "description": (
            "Volunteer clinical engineers spend four to eight weeks in hospitals of "
            "least developed countries in South-East Asia and the Pacific, repairing "
            "equipment, training local technicians and leaving donated spare parts "
            "and tools behind."
        ),
        "categories": ("equipment-maintenance",),
        "support_types": ("technical", "capacity-building", "equipment"),
        "eligible": ("KHM", "LAO", "MMR", "TLS", "KIR", "TUV"),
        "capacity": 3,
        "modality": "either",
        "budget_usd": 300_000,
        "valid_until": "2028-12-31",
        "status": "open",
    },
)
